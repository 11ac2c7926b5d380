"""`codebook fetch` against a loopback stand-in for cms.gov and ftp.cdc.gov, serving zips made at test time
from copies of ../shared/data and of the synthetic NCCI, MUE and RVU files (tests/fixtures/synthetic).
No test touches the real network."""

import hashlib
import http.server
import socket
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from importlib.util import find_spec
from pathlib import Path

import pytest
from click.testing import CliRunner

from medcoder.cli import main
from medcoder.codebook import Codebook, build_codebook
from medcoder.codebook.fetch import OFFICIAL_SOURCES, OfficialSource, fetch_official_files
from medcoder.codebook.importers import mue, ncci_ptp, pfs_rvu
from medcoder.codebook.importers.hcpcs import find_hcpcs_file

pytestmark = pytest.mark.shared_data

HCPCS_PAGE = "/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update"
ICD10_PAGE = "/medicare/coding-billing/icd-10-codes"
CDC_FOLDER = "/pub/Health_Statistics/NCHS/Publications/ICD10CM/"
HCPCS_ZIP = "/files/zip/october-2025-alpha-numeric-hcpcs-file.zip"
PCS_ZIP = "/files/zip/2026-icd-10-pcs-code-tables-and-index.zip"
CDC_CM_ZIP = f"{CDC_FOLDER}2026/icd10cm-Table%20and%20Index-2026.zip"
SYNTHETIC = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic" / "cms"
NCCI = "/medicare/coding-billing/national-correct-coding-initiative-ncci-edits"
PTP_PAGE = f"{NCCI}/medicare-ncci-procedure-procedure-ptp-edits"
MUE_PAGE = f"{NCCI}/medicare-ncci-medically-unlikely-edits-mues"
PFS_PAGE = "/medicare/payment/fee-schedules/physician/pfs-relative-value-files"
PTP_ZIP = "/files/zip/medicare-ncci-2026q3-practitioner-ptp-edits-ccipra-v322r0-f{part}.zip"
OLD_PTP_ZIP = "/files/zip/medicare-ncci-2026q2-practitioner-ptp-edits-ccipra-v321r0-f{part}.zip"
OPH_ZIP = "/files/zip/medicare-ncci-2026q2-hospital-ptp-edits-ccioph-v321r0-f1.zip"
MUE_ZIP = "/files/zip/medicare-ncci-2026-q3-{setting}-services-mue-table.zip"
RVU_ZIP = "/files/zip/rvu26c-updated-06-30-2026.zip"
# The synthetic files, zipped as CMS distributes them (the member names are the official ones).
SYNTHETIC_ZIPS = {
    PTP_ZIP.format(part=1): {"ccipra-v322r0-f1.TXT": SYNTHETIC / "ncci/ccipra-v322r0-f1.TXT"},
    PTP_ZIP.format(part=2): {"ccipra-v322r0-f2.TXT": SYNTHETIC / "ncci/ccipra-v322r0-f2.TXT"},
    OPH_ZIP: {"ccioph-v321r0-f1.TXT": SYNTHETIC / "ncci/ccioph-v321r0-f1.TXT"},
    **{
        MUE_ZIP.format(setting=words): {name: SYNTHETIC / "mue" / name}
        for words, name in (
            ("practitioner", "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv"),
            ("facility-outpatient-hospital", "MCR_MUE_OutpatientHospitalServices_Eff_07-01-2026.csv"),
            ("dme-supplier", "MCR_MUE_DMESupplierServices_Eff_07-01-2026.csv"),
        )
    },
    RVU_ZIP: {"PPRRVU2026_Jul_nonQPP.csv": SYNTHETIC / "pfs/PPRRVU2026_Jul_nonQPP.csv"},
}


def _zipped(members: dict[str, Path], folder: Path) -> bytes:
    path = folder / "official.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, source in members.items():
            archive.write(source, name)
    return path.read_bytes()


@pytest.fixture(scope="module")
def official_zips(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> dict[str, bytes]:
    """The official zips, rebuilt from the shared copies of their members (the CDC one lacks its index)."""
    folder = tmp_path_factory.mktemp("zips")
    package = find_spec("simple_icd_10_cm")  # located, not imported: importing it parses the whole XML
    tabular = Path(package.submodule_search_locations[0]) / "data/icd10c-tabular-April-1-2026.xml"
    layouts = {
        HCPCS_ZIP: {"HCPC2025_OCT_ANWEB.xlsx": shared_data / "cms/hcpcs/HCPC2025_OCT_ANWEB.xlsx"},
        PCS_ZIP: {
            name: shared_data / "cms/icd10pcs-2026" / name
            for name in ("icd10pcs_tables_2026.xml", "icd10pcs_definitions_2026.xml")
        },
        CDC_CM_ZIP: {
            "icd10cm-tabular-2026.xml": tabular,
            **{p.name: p for p in (shared_data / "cms/icd10cm-index-2025").glob("*.xml")},
        },
    }
    return {url: _zipped(members, folder) for url, members in {**layouts, **SYNTHETIC_ZIPS}.items()}


def _page(*hrefs: str) -> bytes:
    links = "\n".join(f'<li><a href="{href}">{href.rsplit("/", 1)[-1]}</a></li>' for href in hrefs)
    return f"<html><body><ul>\n{links}\n</ul></body></html>".encode()


@pytest.fixture
def site(official_zips: dict[str, bytes]) -> Iterator[tuple[str, dict[str, bytes]]]:
    """(base URL, routes) of a loopback server; tests change `routes` to break the site."""
    routes = {
        HCPCS_PAGE: _page(
            "/files/zip/july-2025-alpha-numeric-hcpcs-file.zip",  # older, and gone: must not be chosen
            f"https://www.cms.gov{HCPCS_ZIP}",
            "/files/zip/hcpcs-quarterly-update-corrections.zip",
        ),
        ICD10_PAGE: _page(
            "/files/zip/2025-icd-10-pcs-code-tables-and-index.zip",
            f"https://www.cms.gov/license/ama?file={PCS_ZIP}",
            "/files/zip/2026-code-descriptions-tabular-order.zip",
        ),
        CDC_FOLDER: _page(f"{CDC_FOLDER}2025/", f"{CDC_FOLDER}2025-update/", f"{CDC_FOLDER}2026/"),
        f"{CDC_FOLDER}2026/": _page(CDC_CM_ZIP, f"{CDC_FOLDER}2026/icd10cm-Code%20Descriptions-2026.zip"),
        PTP_PAGE: _page(
            *(f"/license/ama?file={zip_}".format(part=n) for zip_ in (OLD_PTP_ZIP, PTP_ZIP) for n in (1, 2)),
            f"/license/ama?file={OPH_ZIP}",
            "/files/zip/medicare-ncci-2026q3-ptp-edits-additions.zip",
        ),
        MUE_PAGE: _page(
            "/files/zip/medicare-ncci-2026q2-practitioner-services-mue-table.zip",  # older, and gone
            *(
                MUE_ZIP.format(setting=s)
                for s in ("practitioner", "facility-outpatient-hospital", "dme-supplier")
            ),
        ),
        PFS_PAGE: _page(f"{PFS_PAGE}/rvu26a", f"{PFS_PAGE}/rvu26ar", f"{PFS_PAGE}/rvu26c"),
        f"{PFS_PAGE}/rvu26c": _page(RVU_ZIP),
        **official_zips,
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = routes.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", routes
    server.shutdown()
    server.server_close()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fetch_puts_the_newest_files_where_the_importers_read_them(site, tmp_path, shared_data):
    mirror, _ = site
    hcpcs, cm, pcs = fetch_official_files(
        tmp_path, sources=_named("hcpcs", "icd10cm", "icd10pcs"), mirror=mirror
    )

    assert hcpcs.ok and hcpcs.urls == [f"https://www.cms.gov{HCPCS_ZIP}"]
    fetched = tmp_path / "cms/hcpcs/HCPC2025_OCT_ANWEB.xlsx"
    assert hcpcs.files == [fetched]
    assert _sha256(fetched) == _sha256(shared_data / "cms/hcpcs/HCPC2025_OCT_ANWEB.xlsx")
    assert find_hcpcs_file(tmp_path) == fetched

    assert pcs.ok and pcs.urls == [f"https://www.cms.gov{PCS_ZIP}"]  # through the AMA-licence link
    assert sorted(p.name for p in (tmp_path / "cms/icd10pcs-2026").iterdir()) == [
        "icd10pcs_definitions_2026.xml",
        "icd10pcs_tables_2026.xml",
    ]

    # CMS's page lacks the CM link, so the CDC folder is tried; its zip lacks the index XML.
    assert not cm.ok
    assert [f.url for f in cm.failures] == [
        "https://www.cms.gov/medicare/coding-billing/icd-10-codes",
        f"https://ftp.cdc.gov{CDC_CM_ZIP}",
    ]
    assert "no link matching" in cm.failures[0].reason
    assert "no member matching ^icd-?10-?cm[-_]index" in cm.failures[1].reason
    assert not (tmp_path / "cms/icd10cm-index-2026").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["cms"]  # no download left behind


def test_a_page_without_the_link_says_what_to_download_by_hand(site, tmp_path):
    mirror, routes = site
    routes[HCPCS_PAGE] = _page("/files/zip/hcpcs-quarterly-update-corrections.zip")
    (result,) = fetch_official_files(tmp_path, sources=_named("hcpcs"), mirror=mirror)
    assert not result.ok
    assert result.failures[0].url.endswith(HCPCS_PAGE)
    assert "no link matching" in result.failures[0].reason
    manual = result.by_hand(tmp_path)
    assert "https://www.cms.gov" + HCPCS_PAGE in manual and str(tmp_path / "cms/hcpcs") in manual


def test_a_corrupt_zip_keeps_the_previous_file(site, tmp_path, official_zips):
    mirror, routes = site
    good = official_zips[HCPCS_ZIP]
    middle = len(good) // 2
    routes[HCPCS_ZIP] = (
        good[:middle] + bytes(b ^ 0xFF for b in good[middle : middle + 64]) + good[middle + 64 :]
    )
    previous = tmp_path / "cms/hcpcs/HCPC2025_OCT_ANWEB.xlsx"
    previous.parent.mkdir(parents=True)
    previous.write_bytes(b"the July file")
    (result,) = fetch_official_files(tmp_path, sources=_named("hcpcs"), mirror=mirror)
    assert not result.ok
    assert result.failures[0].url == f"https://www.cms.gov{HCPCS_ZIP}"
    assert "corrupt" in result.failures[0].reason or "not a readable zip" in result.failures[0].reason
    assert previous.read_bytes() == b"the July file"
    assert list(previous.parent.iterdir()) == [previous]
    assert [p.name for p in tmp_path.iterdir()] == ["cms"]


def test_an_unreachable_host_fails_clearly_from_the_command_line(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    result = CliRunner().invoke(
        main, ["codebook", "fetch", "--dest", str(tmp_path), "--mirror", f"http://127.0.0.1:{closed}"]
    )
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    for name in ("hcpcs", "icd10cm", "icd10pcs", "ncci-ptp-practitioner", "ncci-mue-dme-supplier", "pfs-rvu"):
        assert f"could not fetch {name}" in output
    assert "network unavailable or host unreachable" in output
    assert "Offline: no official site could be reached from this machine" in output
    assert "https://www.cms.gov/medicare/coding-billing/icd-10-codes" in output
    assert "Download the newest HCPCS Level II quarterly alpha-numeric file zip" in output
    assert "medicare-ncci-procedure-procedure-ptp-edits and put the zips of every part" in output


def test_fetch_command_fetches_the_named_source(site, tmp_path):
    mirror, _ = site
    result = CliRunner().invoke(
        main, ["codebook", "fetch", "hcpcs", "--dest", str(tmp_path), "--mirror", mirror]
    )
    assert result.exit_code == 0, result.output
    assert "fetched hcpcs" in result.output
    assert (tmp_path / "cms/hcpcs/HCPC2025_OCT_ANWEB.xlsx").is_file()
    assert not (tmp_path / "cms/icd10pcs-2026").exists()


def _named(*names: str) -> tuple[OfficialSource, ...]:
    return tuple(source for source in OFFICIAL_SOURCES if source.name in names)


def test_a_source_read_as_a_zip_is_kept_whole(site, tmp_path, official_zips):
    """The NCCI/MUE/RVU importers read the quarterly zips themselves: such a row keeps the zip."""
    mirror, _ = site
    (hcpcs,) = _named("hcpcs")
    zipped = replace(hcpcs, name="hcpcs-zip", folder="cms/zips/{year}", extract=False)
    (result,) = fetch_official_files(tmp_path, sources=(zipped,), mirror=mirror)
    assert result.files == [tmp_path / "cms/zips/2025/october-2025-alpha-numeric-hcpcs-file.zip"]
    assert result.files[0].read_bytes() == official_zips[HCPCS_ZIP]


def test_ptp_fetch_gets_every_part_of_the_newest_release_and_the_build_reads_them(site, tmp_path):
    mirror, _ = site
    practitioner, hospital = fetch_official_files(
        tmp_path, sources=_named("ncci-ptp-practitioner", "ncci-ptp-outpatient-hospital"), mirror=mirror
    )
    assert practitioner.urls == [f"https://www.cms.gov{PTP_ZIP.format(part=n)}" for n in (1, 2)]
    assert [p.name for p in practitioner.files] == [
        "medicare-ncci-2026q3-practitioner-ptp-edits-ccipra-v322r0-f1.zip",
        "medicare-ncci-2026q3-practitioner-ptp-edits-ccipra-v322r0-f2.zip",
    ]
    assert hospital.urls == [f"https://www.cms.gov{OPH_ZIP}"]
    build_codebook(tmp_path / "codebook.sqlite", tmp_path, steps=ncci_ptp.STEPS)
    book = Codebook.open(tmp_path / "codebook.sqlite")
    assert book.source("ncci-ptp-practitioner").records == 7  # both parts
    assert book.source("ncci-ptp-outpatient-hospital").version.startswith("v321r0")


def test_a_release_with_a_part_missing_or_broken_puts_nothing_in_place(site, tmp_path, official_zips):
    mirror, routes = site
    routes[PTP_PAGE] = _page(*(f"/license/ama?file={PTP_ZIP}".format(part=n) for n in (1, 3)))
    (gap,) = fetch_official_files(tmp_path, sources=_named("ncci-ptp-practitioner"), mirror=mirror)
    assert not gap.offline  # the site answered: not the offline message
    assert (
        not gap.ok
        and "lists parts 1, 3" in gap.failures[0].reason
        and "a part is missing" in gap.failures[0].reason
    )
    routes[PTP_PAGE] = _page(*(f"/license/ama?file={PTP_ZIP}".format(part=n) for n in (1, 2)))
    routes[PTP_ZIP.format(part=2)] = official_zips[PTP_ZIP.format(part=2)][:-40]  # truncated download
    (broken,) = fetch_official_files(tmp_path, sources=_named("ncci-ptp-practitioner"), mirror=mirror)
    assert not broken.ok and broken.failures[0].url.endswith("-f2.zip")
    assert not (tmp_path / "cms" / "ncci").exists() or not list((tmp_path / "cms" / "ncci").iterdir())
    assert [p.name for p in tmp_path.iterdir() if p.name != "cms"] == []  # no download left behind


def test_mue_and_rvu_fetch_the_newest_zips_the_build_reads(site, tmp_path):
    mirror, _ = site
    names = ("ncci-mue-practitioner", "ncci-mue-outpatient-hospital", "ncci-mue-dme-supplier", "pfs-rvu")
    results = fetch_official_files(tmp_path, sources=_named(*names), mirror=mirror)
    assert all(result.ok for result in results), [r.failures for r in results]
    assert results[0].urls == [f"https://www.cms.gov{MUE_ZIP.format(setting='practitioner')}"]
    assert results[3].urls == [f"https://www.cms.gov{RVU_ZIP}"]  # through the newest release page, rvu26c
    build_codebook(tmp_path / "codebook.sqlite", tmp_path, steps=[*mue.STEPS, pfs_rvu.STEP])
    book = Codebook.open(tmp_path / "codebook.sqlite")
    assert {s.name for s in book.sources()} >= {"ncci-mue-practitioner", "ncci-mue-dme-supplier", "pfs-rvu"}
    assert book.source("pfs-rvu").effective == "2026-07-01"


def test_a_later_quarter_spelled_differently_is_still_the_newest(site, tmp_path, official_zips):
    mirror, routes = site
    later = "/files/zip/medicare-ncci-2026-q4-practitioner-services-mue-table.zip"
    routes[MUE_PAGE] = _page(MUE_ZIP.format(setting="practitioner"), later)
    routes[later] = official_zips[MUE_ZIP.format(setting="practitioner")]
    (result,) = fetch_official_files(tmp_path, sources=_named("ncci-mue-practitioner"), mirror=mirror)
    assert result.urls == [f"https://www.cms.gov{later}"]
