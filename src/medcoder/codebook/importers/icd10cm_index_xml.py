"""The CDC index XML layout, shared by the Index to Diseases, the External Cause Index, the Neoplasm
Table and the Table of Drugs and Chemicals.

`ICD10CM.index` > `letter` > `mainTerm` > `title` (which may nest `nemod`, the nonessential
modifiers), `code`, `manif`, `see`, `seeAlso`, `seecat`, `subcat` and recursive `term level="N"`.
The two tables add `indexHeading/head col="N"` naming their columns, and their rows carry
`cell col="N"` instead of `code`.

Read with expat rather than ElementTree so that every structural error names its line.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from medcoder.codebook.errors import DataFileError
from medcoder.codebook.importers.icd10cm_index_lines import IndexLine

ROOT = "ICD10CM.index"
TERMS = {"mainTerm", "term"}
TEXT_ELEMENTS = {
    "version",
    "head",
    "title",
    "nemod",
    "code",
    "manif",
    "see",
    "seeAlso",
    "seecat",
    "subcat",
    "cell",
}
NO_CODE = {"", "-", "--"}  # table cells printed as dashes hold no code
MANIFESTATION = "manifestation"  # column_name of a manifestation code, printed in brackets after the code
CODE_SHAPE = re.compile(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]*)?-?")


@dataclass(frozen=True)
class IndexXml:
    version: str
    columns: dict[str, str]  # col number -> heading, empty outside the tables
    lines: list[IndexLine]


@dataclass
class _OpenTerm:
    line: int
    level: int
    term: list[str] = field(default_factory=list)
    nonessential: list[str] = field(default_factory=list)
    codes: list[tuple[str, str | None]] = field(default_factory=list)
    see: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    written: bool = False


def read_index_xml(path: Path) -> IndexXml:
    """Every `mainTerm`/`term` in document order, each before its subterms, with its line."""
    reader = _IndexXmlReader(path)
    parser = expat.ParserCreate()
    reader.attach(parser)
    try:
        with path.open("rb") as handle:
            parser.ParseFile(handle)
    except expat.ExpatError as error:
        raise DataFileError(
            path, error.lineno, f"not well-formed XML: {expat.ErrorString(error.code)}"
        ) from error
    if not reader.seen_root:
        raise DataFileError(path, 1, f"no <{ROOT}> element")
    return IndexXml(reader.version, reader.columns, reader.lines)


class _IndexXmlReader:
    """A stack machine over expat events: one `_OpenTerm` per open `mainTerm`/`term`."""

    def __init__(self, path: Path):
        self.path = path
        self.parser: expat.XMLParserType | None = None
        self.seen_root = False
        self.version = ""
        self.columns: dict[str, str] = {}
        self.lines: list[IndexLine] = []
        self.open_terms: list[_OpenTerm] = []
        self.text: list[list[str]] = []  # one buffer per open text element, innermost last
        self.cell_column: str | None = None

    def attach(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters

    @property
    def line(self) -> int:
        return self.parser.CurrentLineNumber if self.parser else 0

    def fail(self, reason: str) -> DataFileError:
        return DataFileError(self.path, self.line, reason)

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if not self.seen_root:
            if tag != ROOT:
                raise self.fail(f"root element is <{tag}>, expected <{ROOT}>")
            self.seen_root = True
        if tag in TERMS:
            self._open_term(tag, attributes)
        elif tag in TEXT_ELEMENTS:
            self.text.append([])
            if tag in ("head", "cell"):
                self.cell_column = attributes.get("col")
                if tag == "cell" and self.cell_column not in self.columns:
                    raise self.fail(f"<cell col={self.cell_column!r}> has no column heading")

    def characters(self, text: str) -> None:
        if self.text:
            self.text[-1].append(text)

    def end(self, tag: str) -> None:
        if tag in TERMS:
            self._write(self.open_terms.pop())
        elif tag in TEXT_ELEMENTS:
            self._take_text(tag, _clean("".join(self.text.pop())))

    def _open_term(self, tag: str, attributes: dict[str, str]) -> None:
        depth = len(self.open_terms)
        level = attributes.get("level", "0" if tag == "mainTerm" else "")
        if not level.isdigit():
            raise self.fail(f"<{tag}> has level {level!r}, not a whole number")
        if int(level) != depth:
            raise self.fail(f"<{tag} level={level!r}> sits at depth {depth} of the index")
        if self.open_terms:
            self._write(self.open_terms[-1])  # a term is written before its subterms
        self.open_terms.append(_OpenTerm(self.line, depth))

    def _take_text(self, tag: str, text: str) -> None:
        if tag == "version":
            self.version = text
        elif tag == "head":
            self.columns[self.cell_column or ""] = text
        if not self.open_terms:
            return  # the version, a column heading or a letter's title
        term = self.open_terms[-1]
        if tag == "nemod":
            term.nonessential.append(text)
            self.text[-1].append(" ")  # keeps "Abandonment (modifiers) NEC" apart as "Abandonment NEC"
        elif tag == "title":
            term.term.append(text)
        elif tag == "code":
            term.codes.append((text, None))
        elif tag == "cell" and text not in NO_CODE:
            term.codes.append((text, self.columns[self.cell_column or ""]))
        elif tag == "manif":
            if CODE_SHAPE.fullmatch(text):
                term.codes.append((text, MANIFESTATION))
            else:  # the Neoplasm Table's one <manif> holds a site gloss, printed like a modifier
                term.nonessential.append(f"({text})")
        elif tag == "see":
            term.see.append(text)
        elif tag == "seeAlso":
            term.see_also.append(text)
        elif tag in ("seecat", "subcat"):
            term.see.append(f"{'category' if tag == 'seecat' else 'subcategory'} {text}")

    def _write(self, term: _OpenTerm) -> None:
        if term.written:
            return
        title = _clean(" ".join(term.term))
        if not title:
            raise DataFileError(self.path, term.line, "a term without a <title>")
        term.written = True
        self.lines.append(
            IndexLine(
                line=term.line,
                level=term.level,
                term=title,
                nonessential=" ".join(term.nonessential) or None,
                codes=tuple(term.codes),
                see="; ".join(term.see) or None,
                see_also="; ".join(term.see_also) or None,
            )
        )


def _clean(text: str) -> str:
    return " ".join(text.split())
