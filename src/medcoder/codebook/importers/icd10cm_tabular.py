"""ICD-10-CM Tabular List from the CDC XML (`icd10cm_tabular_*.xml`).

The April 2026 file ships inside the `simple-icd-10-cm` package, which we use only as its carrier:
the XML is parsed here. A `icd10cm/` folder in the data directory holding a newer official tabular
XML takes precedence.

Codes that need a 7th character are expanded into every valid billable code, padding with the
placeholder X to six characters first (S72.001 -> S72.001A, W61.62 -> W61.62XD, T07 -> T07.XXXA).
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from medcoder.codebook.errors import DataFileError
from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.records import Code, Source
from medcoder.codebook.systems import code_key
from medcoder.codebook.writer import CodebookWriter, sha256_of

SOURCE = "icd10cm-tabular"
SYSTEM = "icd10cm"

NOTE_KINDS = {
    "includes": "includes",
    "inclusionTerm": "inclusion_term",
    "excludes1": "excludes1",
    "excludes2": "excludes2",
    "codeFirst": "code_first",
    "useAdditionalCode": "use_additional_code",
    "codeAlso": "code_also",
    "notes": "note",
    "sevenChrNote": "seventh_character_note",
}


@dataclass
class TabularContent:
    codes: list[Code] = field(default_factory=list)
    notes: list[tuple[str, str, str, str, int, str | None]] = field(default_factory=list)  # + lead-in
    seventh: list[tuple[str, str, str, str]] = field(default_factory=list)


def find_tabular_xml(data_dir: Path | None) -> Path:
    """A tabular XML in `data_dir/icd10cm*/`, else the one carried by simple-icd-10-cm."""
    if data_dir:
        local = sorted(data_dir.glob("**/icd10cm*tabular*.xml"))
        if local:
            return local[-1]
    carried = files("simple_icd_10_cm").joinpath("data")
    return Path(str(next(p for p in carried.iterdir() if p.name.endswith(".xml"))))


def parse_tabular(path: Path) -> TabularContent:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise DataFileError(path, error.position[0], f"not well-formed XML: {error}") from error
    if root.tag != "ICD10CM.tabular":
        raise DataFileError(path, 1, f"root element is <{root.tag}>, expected <ICD10CM.tabular>")
    content = TabularContent()
    for chapter in root.iter("chapter"):
        _read_chapter(chapter, content, path)
    return content


def _read_chapter(chapter: ET.Element, content: TabularContent, path: Path) -> None:
    number = (chapter.findtext("name") or "").strip()
    title = _text(chapter.find("desc"))
    match = re.search(r"\(([A-Z][0-9A-Z]{2})-([A-Z][0-9A-Z]{2})\)\s*$", title)
    if not match:
        raise DataFileError(path, None, f"chapter {number} has no code range in its title {title!r}")
    code = f"{match[1]}-{match[2]}"
    content.codes.append(
        _code(code, "chapter", title[: match.start()].strip(), None, 0, content, {"chapter": number})
    )
    _read_notes(chapter, code, content)
    for section in chapter.findall("section"):
        block = section.get("id") or ""
        if "-" not in block:  # a one-category block shares its id with the category: B10 -> B10-B10
            block = f"{block}-{block}"
        content.codes.append(_code(block, "block", _text(section.find("desc")), code, 1, content))
        _read_notes(section, block, content)
        for diag in section.findall("diag"):
            _read_diag(diag, block, 2, None, content, path)


def _read_diag(
    diag: ET.Element,
    parent: str,
    depth: int,
    seventh_from: tuple[str, list[tuple[str, str]], set[tuple[str, str]]] | None,
    content: TabularContent,
    path: Path,
) -> None:
    code = (diag.findtext("name") or "").strip()
    if not code:
        raise DataFileError(path, None, f"a <diag> under {parent} has no <name>")
    title = _text(diag.find("desc"))
    children = diag.findall("diag")
    definitions = diag.find("sevenChrDef")
    if definitions is not None:
        characters = _read_seventh(definitions, code, content)
        seventh_from = (code, characters, _seventh_exceptions(diag))
    kind = "category" if depth == 2 else "subcategory"
    needs_seventh = not children and seventh_from is not None
    billable = not children and not needs_seventh
    if billable:
        kind = "code"
    content.codes.append(_code(code, kind, title, parent, depth, content, billable=billable))
    _read_notes(diag, code, content)
    for child in children:
        _read_diag(child, code, depth + 1, seventh_from, content, path)
    if needs_seventh:
        declared_on, characters, exceptions = seventh_from
        stem = code_key(code).ljust(6, "X")
        for character, meaning in characters:
            if (stem[5], character) in exceptions:
                continue
            full = f"{stem[:3]}.{stem[3:]}{character}"
            attributes = {"seventh_character": character, "seventh_character_from": declared_on}
            content.codes.append(
                _code(full, "code", f"{title}, {meaning}", code, depth + 1, content, attributes, True)
            )


def _read_seventh(definitions: ET.Element, code: str, content: TabularContent) -> list[tuple[str, str]]:
    characters: list[tuple[str, str]] = []
    for element in definitions:
        if element.tag == "extension":
            character, meaning = element.get("char", ""), _text(element)
            characters.append((character, meaning))
            content.seventh.append((SYSTEM, code, character, meaning))
        elif element.tag == "note" and characters:
            also = f"7th character {characters[-1][0]} also covers: {_text(element)}"
            content.notes.append((SYSTEM, code, "seventh_character_note", also, len(content.notes), None))
    return characters


EXCEPTION_NOTE = re.compile(
    r"7th characters? ((?:[A-Z](?:,| and| or)?\s*)+) do(?:es)? not apply to codes in category \S+ "
    r"with 6th character (\d)(?:.*?, or (\d) )?"
)


def _seventh_exceptions(diag: ET.Element) -> set[tuple[str, str]]:
    """(6th character, 7th character) pairs a category's notes rule out, e.g. S06: 7 or 8 with D or S."""
    excluded: set[tuple[str, str]] = set()
    for note in diag.iterfind("notes/note"):
        match = EXCEPTION_NOTE.search(_text(note))
        if match:
            sevenths = re.findall(r"[A-Z]", match[1])
            sixths = [c for c in match.groups()[1:] if c]
            excluded |= {(sixth, seventh) for sixth in sixths for seventh in sevenths}
    return excluded


def _read_notes(element: ET.Element, code: str, content: TabularContent) -> None:
    for child in element:
        kind = NOTE_KINDS.get(child.tag)
        if kind is None:
            continue
        for text, lead_in in with_lead_ins([_text(note) for note in child.findall("note")]):
            content.notes.append((SYSTEM, code, kind, text, len(content.notes), lead_in))


def with_lead_ins(texts: list[str]) -> list[tuple[str, str | None]]:
    """The notes of one element, each with the lead-in it follows. A note ending in ':' with notes after
    it ("code, if applicable, to identify:", "venous embolism and thrombosis (of):") opens a list: it is
    kept with each note that follows, up to the next lead-in, and is no note of its own; one ending the
    element (a 7th-character note introducing the 7th characters) stays a note.

    The XML does not nest these lists as the printed book indents them, so a list that ends before its
    element does (G89's Excludes2 "localized pain ... such as:", then "renal colic (N23)") lends its
    lead-in to the notes after it as well."""
    notes: list[tuple[str, str | None]] = []
    lead_in: str | None = None
    for position, text in enumerate(texts):
        if text.endswith(":") and position + 1 < len(texts):
            lead_in = text
        else:
            notes.append((text, lead_in))
    return notes


def _code(
    code: str,
    kind: str,
    title: str,
    parent: str | None,
    depth: int,
    content: TabularContent,
    attributes: dict | None = None,
    billable: bool = False,
) -> Code:
    return Code(
        system=SYSTEM,
        code=code,
        kind=kind,
        title=title,
        billable=billable,
        parent=parent,
        depth=depth,
        seq=len(content.codes),
        source=SOURCE,
        attributes=attributes or {},
    )


def _text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    path = find_tabular_xml(data_dir)
    progress("ICD-10-CM tabular", 0, None)
    content = parse_tabular(path)
    version = ET.parse(path).getroot().findtext("version") or "unknown"
    april = "April" in path.name
    writer.add_source(
        Source(
            name=SOURCE,
            title="ICD-10-CM Tabular List of Diseases and Injuries (CDC/NCHS)",
            version=f"FY{version}" + (" (April 1 update)" if april else ""),
            effective=f"{version}-04-01" if april else f"{int(version) - 1}-10-01",
            location=str(path),
            sha256=sha256_of(path),
            records=sum(c.billable for c in content.codes),
            copyright="ICD-10-CM is published by the CDC National Center for Health Statistics (public domain).",
        )
    )
    writer.add_codes(content.codes)
    writer.add_rows("notes", content.notes)
    writer.add_rows("seventh_characters", content.seventh)
    progress("ICD-10-CM tabular", len(content.codes), len(content.codes))


STEP = ImportStep(name="ICD-10-CM tabular", required=True, run=run, minimum_records={SOURCE: 70000})
