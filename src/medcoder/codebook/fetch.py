"""Download the current official files from CMS and CDC into the folders the importers read.

File names change every release, so nothing here templates a URL: each source names the official
download page it is published on and the pattern of its link there; the newest matching link wins.
Downloads are verified (zip integrity, the members the importers need) before anything is put in
place, and a source that cannot be fetched says which URL failed and what to download by hand.

To add a source (NCCI, MUE, RVU...), add an `OfficialSource` row to `OFFICIAL_SOURCES`.
"""

import http.client
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit, urlunsplit

from medcoder.codebook.errors import CodebookError
from medcoder.codebook.importers import Progress, no_progress

CMS_ICD10_PAGE = "https://www.cms.gov/medicare/coding-billing/icd-10-codes"
CDC_ICD10CM_FOLDER = "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/"
MONTHS = (
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
)


@dataclass(frozen=True)
class Offer:
    """Where a source is published: a page, and the link patterns to follow from it in turn.

    Every pattern but the last leads to another page (e.g. the CDC year folder); the last one matches
    the zip. Patterns are matched, case-insensitively, against the file name the link points to.
    """

    page: str
    links: tuple[str, ...]


@dataclass(frozen=True)
class OfficialSource:
    name: str
    title: str
    offers: tuple[Offer, ...]  # tried in order; the first that yields a verified zip wins
    members: tuple[str, ...]  # each pattern must match a member of the zip
    needed: str  # the members in words, for the do-it-by-hand message
    folder: str  # under the destination; {year} is the 4-digit year in the zip's name
    extract: bool = True  # False: keep the verified zip whole, for importers that read zips


OFFICIAL_SOURCES: tuple[OfficialSource, ...] = (
    OfficialSource(
        name="hcpcs",
        title="HCPCS Level II quarterly alpha-numeric file",
        offers=(
            Offer(
                "https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update",
                (r"^[a-z]+-\d{4}-alpha-numeric-hcpcs-files?\.zip$",),
            ),
        ),
        members=(r"^HCPC\d{4}_[A-Z]{3}_ANWEB.*\.xlsx$",),
        needed="HCPC<year>_<MON>_ANWEB.xlsx",
        folder="cms/hcpcs",
    ),
    OfficialSource(
        name="icd10cm",
        title="ICD-10-CM tabular list and index XML",
        offers=(
            Offer(CMS_ICD10_PAGE, (r"^([a-z]+-\d+-)?\d{4}-code-tables-tabular-and-index.*\.zip$",)),
            # year folders: 2026/, then 2026-update/ for the April 1 release
            Offer(
                CDC_ICD10CM_FOLDER, (r"^\d{4}(-update)?$", r"^icd10cm[-_ ]table[-_ ]and[-_ ]index.*\.zip$")
            ),
        ),
        members=(
            r"^icd-?10-?cm[-_]tabular.*\.xml$",
            r"^icd-?10-?cm[-_]index.*\.xml$",
            r"^icd-?10-?cm[-_]neoplasm.*\.xml$",
            r"^icd-?10-?cm[-_]drug.*\.xml$",
            r"^icd-?10-?cm[-_]eindex.*\.xml$",
        ),
        needed="tabular, index, neoplasm, drug and eindex XML files",
        folder="cms/icd10cm-index-{year}",
    ),
    OfficialSource(
        name="icd10pcs",
        title="ICD-10-PCS code tables and definitions XML",
        offers=(Offer(CMS_ICD10_PAGE, (r"^\d{4}-icd-10-pcs-code-tables-and-index.*\.zip$",)),),
        members=(r"^icd10pcs_tables_\d{4}\.xml$", r"^icd10pcs_definitions_\d{4}\.xml$"),
        needed="icd10pcs_tables_<year>.xml and icd10pcs_definitions_<year>.xml",
        folder="cms/icd10pcs-{year}",
    ),
)


class FetchFailed(CodebookError):
    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass
class FetchResult:
    source: OfficialSource
    url: str | None = None  # the zip downloaded
    files: list[Path] = field(default_factory=list)  # what was put in place
    failures: list[FetchFailed] = field(default_factory=list)  # one per offer tried

    @property
    def ok(self) -> bool:
        return self.url is not None

    def by_hand(self, dest: Path) -> str:
        """What the user can do instead: which page, which file, where to put what."""
        pages = " or ".join(offer.page for offer in self.source.offers)
        what = f"its {self.source.needed}" if self.source.extract else "the zip itself"
        target = dest / self.source.folder.replace("{year}", "<year>")
        return f"Download the newest {self.source.title} zip from {pages} and put {what} in {target}/"


class Fetcher:
    """One fetch run: remembers the pages it has read, sends every URL through the mirror if given."""

    def __init__(self, dest: Path, mirror: str | None, progress: Progress, timeout: float):
        self.dest = dest
        self.mirror = mirror
        self.progress = progress
        self.timeout = timeout
        self.pages: dict[str, str] = {}

    def fetch(self, source: OfficialSource) -> FetchResult:
        result = FetchResult(source)
        for offer in source.offers:
            try:
                url = self.find_link(offer)
                result.files = self.install(source, url, self.download(source, url))
                result.url = url
                return result
            except FetchFailed as failure:
                result.failures.append(failure)
        return result

    def find_link(self, offer: Offer) -> str:
        url = offer.page
        for pattern in offer.links:
            candidates = [
                link for link in _links(self.read_page(url), url) if re.search(pattern, _name(link), re.I)
            ]
            if not candidates:
                raise FetchFailed(url, f"no link matching {pattern} on the page")
            url = max(candidates, key=_release_order)
        return url

    def read_page(self, url: str) -> str:
        if url not in self.pages:
            with self._open(url) as response:
                charset = response.headers.get_content_charset() or "utf-8"
                try:
                    self.pages[url] = response.read().decode(charset, errors="replace")
                except (OSError, http.client.HTTPException) as error:
                    raise FetchFailed(url, f"page download interrupted ({error})") from error
        return self.pages[url]

    def download(self, source: OfficialSource, url: str) -> Path:
        self.dest.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{source.name}-", suffix=".zip", dir=self.dest)
        path = Path(name)
        try:
            with os.fdopen(handle, "wb") as out, self._open(url) as response:
                total = int(response.headers.get("Content-Length") or 0) or None
                done = 0
                self.progress(source.title, 0, total)
                while block := response.read(1 << 16):
                    out.write(block)
                    done += len(block)
                    self.progress(source.title, done, total)
        except (OSError, http.client.HTTPException) as error:
            path.unlink(missing_ok=True)
            raise FetchFailed(url, f"download interrupted ({error})") from error
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path

    def install(self, source: OfficialSource, url: str, zip_path: Path) -> list[Path]:
        """Verify the downloaded zip, then move its needed members (or itself) into the source's folder."""
        try:
            members = _verified_members(source, url, zip_path)
            year = re.search(r"20\d{2}", _name(url))
            folder = self.dest / source.folder.format(year=year[0] if year else "unknown")
            folder.mkdir(parents=True, exist_ok=True)
            if not source.extract:
                target = folder / _name(url)
                os.replace(zip_path, target)
                return [target]
            with zipfile.ZipFile(zip_path) as archive:
                return [_extract(archive, member, folder) for member in members]
        finally:
            zip_path.unlink(missing_ok=True)

    def _open(self, url: str):
        request = urllib.request.Request(self._through_mirror(url), headers={"User-Agent": "medcoder-fetch"})
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            raise FetchFailed(url, f"HTTP {error.code} {error.reason}") from error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise FetchFailed(url, f"network unavailable or host unreachable ({reason})") from error

    def _through_mirror(self, url: str) -> str:
        """The same path on the mirror (a local copy of the official sites, or a test server)."""
        if not self.mirror:
            return url
        mirror, original = urlsplit(self.mirror), urlsplit(url)
        return urlunsplit(
            (mirror.scheme, mirror.netloc, mirror.path.rstrip("/") + original.path, original.query, "")
        )


def fetch_official_files(
    dest: Path,
    sources: tuple[OfficialSource, ...] = OFFICIAL_SOURCES,
    mirror: str | None = None,
    progress: Progress = no_progress,
    timeout: float = 60,
) -> list[FetchResult]:
    """Fetch each source into `dest`; a failed source is reported in its result, never raised."""
    fetcher = Fetcher(dest, mirror, progress, timeout)
    return [fetcher.fetch(source) for source in sources]


def _verified_members(source: OfficialSource, url: str, zip_path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(zip_path) as archive:
            damaged = archive.testzip()
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError) as error:
        raise FetchFailed(url, f"the download is not a readable zip ({error})") from error
    if damaged:
        raise FetchFailed(url, f"the zip is corrupt: {damaged} fails its CRC check")
    wanted = []
    for pattern in source.members:
        matching = [name for name in names if re.search(pattern, Path(name).name, re.I)]
        if not matching:
            raise FetchFailed(url, f"the zip has no member matching {pattern}")
        wanted += matching
    return wanted


def _extract(archive: zipfile.ZipFile, member: str, folder: Path) -> Path:
    """Write one member flat into `folder`, replacing an older copy only once fully written."""
    target = folder / Path(member).name
    partial = target.with_name(f".{target.name}.partial")
    with archive.open(member) as source, partial.open("wb") as out:
        shutil.copyfileobj(source, out)
    os.replace(partial, target)
    return target


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _links(html: str, page: str) -> list[str]:
    """Absolute link targets on the page; CMS's AMA-licence gate links are unwrapped to the file."""
    parser = _LinkParser()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        gated = parse_qs(urlsplit(href).query).get("file")
        links.append(urljoin(page, gated[0] if "/license/" in href and gated else href))
    return links


def _name(url: str) -> str:
    """The file or folder name a link points to: '.../2026/' -> '2026'."""
    return unquote(urlsplit(url).path).rstrip("/").rsplit("/", 1)[-1]


def _release_order(url: str) -> tuple[int, int, str]:
    """Newest last: by the year, then the month named in the file name (an April update beats its base)."""
    name = _name(url).lower()
    years = [int(year) for year in re.findall(r"(?<!\d)20\d{2}(?!\d)", name)]
    words = re.findall(r"[a-z]+", name)
    months = [n for n, month in enumerate(MONTHS, start=1) for word in words if word in (month, month[:3])]
    return (max(years, default=0), max(months, default=0), name)
