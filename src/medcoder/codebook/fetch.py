"""Download the current official files from CMS and CDC into the folders the importers read.

Which files, and where they are published, is `fetch_sources.OFFICIAL_SOURCES`. Downloads are verified
(zip integrity, the members the importers need) before anything is put in place; a source in parts
(the NCCI PTP edits) is put in place only once every part of one release has been verified. A source
that cannot be fetched says which URL failed and what to download by hand.
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
from medcoder.codebook.fetch_sources import OFFICIAL_SOURCES, Offer, OfficialSource
from medcoder.codebook.importers import Progress, no_progress

MONTHS = (
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
)
QUARTER = re.compile(r"(?:^|[^a-z])q([1-4])(?!\d)")  # 2026q3, 2026-q4: the quarter's first month


class FetchFailed(CodebookError):
    def __init__(self, url: str, reason: str, offline: bool = False):
        self.url = url
        self.reason = reason
        self.offline = offline  # the host could not be reached at all (no network, DNS, refused)
        super().__init__(f"{url}: {reason}")


@dataclass
class FetchResult:
    source: OfficialSource
    urls: list[str] = field(default_factory=list)  # the zips downloaded (one per part)
    files: list[Path] = field(default_factory=list)  # what was put in place
    failures: list[FetchFailed] = field(default_factory=list)  # one per offer tried

    @property
    def ok(self) -> bool:
        return bool(self.urls)

    @property
    def offline(self) -> bool:
        """Every offer failed because its host could not be reached."""
        return bool(self.failures) and all(failure.offline for failure in self.failures)

    def by_hand(self, dest: Path) -> str:
        """What the user can do instead: which page, which file, where to put what."""
        pages = " or ".join(dict.fromkeys(offer.page for offer in self.source.offers))
        target = dest / self.source.folder.replace("{year}", "<year>")
        return f"Download the newest {self.source.title} zip from {pages} and put {self.source.needed} in {target}/"


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
            downloads: list[tuple[str, Path]] = []
            try:
                urls = self.find_links(offer, source.part)
                for url in urls:
                    downloads.append((url, self.download(source, url)))
                verified = [(url, path, _verified_members(source, url, path)) for url, path in downloads]
                result.files = [
                    placed
                    for url, path, members in verified
                    for placed in self.install(source, url, path, members)
                ]
                result.urls = urls
                return result
            except FetchFailed as failure:
                result.failures.append(failure)
            finally:
                for _, path in downloads:
                    path.unlink(missing_ok=True)
        return result

    def find_links(self, offer: Offer, part: str | None = None) -> list[str]:
        """The newest matching link at the end of the offer's chain; with `part`, every part of the
        newest release, in part order (a gap in the numbering fails: the release would be incomplete)."""
        url = offer.page
        for number, pattern in enumerate(offer.links, start=1):
            candidates = [
                link for link in _links(self.read_page(url), url) if re.search(pattern, _name(link), re.I)
            ]
            if not candidates:
                raise FetchFailed(url, f"no link matching {pattern} on the page")
            newest = max(candidates, key=_release_order)
            if number < len(offer.links) or part is None:
                url = newest
                continue
            return _parts(url, candidates, newest, part)
        return [url]

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
                label = source.title if source.part is None else _name(url)  # one bar per part
                self.progress(label, 0, total)
                while block := response.read(1 << 16):
                    out.write(block)
                    done += len(block)
                    self.progress(label, done, total)
        except (OSError, http.client.HTTPException) as error:
            path.unlink(missing_ok=True)
            raise FetchFailed(url, f"download interrupted ({error})") from error
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path

    def install(self, source: OfficialSource, url: str, zip_path: Path, members: list[str]) -> list[Path]:
        """Move a verified zip's needed members (or the zip itself) into the source's folder."""
        year = re.search(r"20\d{2}", _name(url))
        folder = self.dest / source.folder.format(year=year[0] if year else "unknown")
        folder.mkdir(parents=True, exist_ok=True)
        if not source.extract:
            target = folder / _name(url)
            os.replace(zip_path, target)
            return [target]
        with zipfile.ZipFile(zip_path) as archive:
            return [_extract(archive, member, folder) for member in members]

    def _open(self, url: str):
        request = urllib.request.Request(self._through_mirror(url), headers={"User-Agent": "medcoder-fetch"})
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            raise FetchFailed(url, f"HTTP {error.code} {error.reason}") from error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise FetchFailed(
                url, f"network unavailable or host unreachable ({reason})", offline=True
            ) from error

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


def _parts(page: str, candidates: list[str], newest: str, part: str) -> list[str]:
    """The links of `newest`'s release: the same name but for the part number, numbered 1..n."""
    release = re.sub(part, "", _name(newest), flags=re.I)
    numbered = {}
    for link in candidates:
        found = re.search(part, _name(link), re.I)
        if found and re.sub(part, "", _name(link), flags=re.I) == release:
            numbered[int(found[1])] = link
    if sorted(numbered) != list(range(1, len(numbered) + 1)):
        listed = ", ".join(str(n) for n in sorted(numbered))
        raise FetchFailed(
            page, f"the page lists parts {listed} of {_name(newest)}'s release: a part is missing"
        )
    return [numbered[n] for n in sorted(numbered)]


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
    """Newest last: by the year, then the month or quarter named in the file name (an April update
    beats its base, 2026-q4 beats 2026q3), then the name (rvu26b beats rvu26ar, v322r0 beats v321r0)."""
    name = _name(url).lower()
    years = [int(year) for year in re.findall(r"(?<!\d)20\d{2}(?!\d)", name)]
    words = re.findall(r"[a-z]+", name)
    months = [n for n, month in enumerate(MONTHS, start=1) for word in words if word in (month, month[:3])]
    months += [3 * int(quarter) - 2 for quarter in QUARTER.findall(name)]
    return (max(years, default=0), max(months, default=0), name)
