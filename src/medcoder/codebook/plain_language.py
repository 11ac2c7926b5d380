"""Generated plain-language descriptions (`codes.plain`), deterministic and built only from the data.

Nothing here adds a medical fact the code set does not state: ICD titles are reworded with a lay-term
glossary (lay_terms.tsv) and placed in their hierarchy with their inclusion terms; an ICD-10-PCS
code is read character by character from its axes and the official root-operation definitions; a
HCPCS description has its abbreviations expanded (hcpcs_abbreviations.tsv) and gets the title of its
section (the code range it sits in); codebook/rewording.py says when a term is left as written. A
retired code (ICD-9-CM, a terminated HCPCS code) says so. Wherever shown, the text is labelled as
generated.
"""

import json
import sqlite3
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.records import Code, reporting_status
from medcoder.codebook.rewording import Rewording
from medcoder.codebook.writer import CodebookWriter

GLOSSARY_SYSTEMS = ("icd10cm", "icd9cm", "icd9pcs")
MOST_INCLUSION_TERMS = 4

# How the PCS approach values read in everyday words.
PCS_APPROACHES = {
    "Open": "through an open surgical incision",
    "Percutaneous": "through the skin, with a needle or small puncture",
    "Percutaneous Endoscopic": "through a small incision, using a scope",
    "Via Natural or Artificial Opening": "through a natural or artificial body opening",
    "Via Natural or Artificial Opening Endoscopic": "through a natural or artificial body opening, using a scope",
    "Via Natural or Artificial Opening With Percutaneous Endoscopic Assistance": (
        "through a body opening, helped by a scope through a small incision"
    ),
    "External": "from outside the body",
}
PCS_NOTHING = {"No Device", "No Qualifier", "None", "No Contrast"}


@cache
def lay_terms() -> Rewording:
    return Rewording("lay_terms.tsv")


@cache
def hcpcs_abbreviations() -> Rewording:
    return Rewording("hcpcs_abbreviations.tsv")


def sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text[:1].upper() + text[1:] + "." if text else ""


def describe_icd(title: str, heading: bool, category_title: str | None, inclusion_terms: list[str]) -> str:
    """An ICD diagnosis or ICD-9 procedure: the reworded title, its category, what it also covers.

    `heading`: the code is not billable and has more specific codes under it. (A retired ICD-9 code
    is not billable either, but it is no heading: `plain_descriptions` says it is retired.)
    """
    reworded, category = lay_terms().reword((title, category_title or ""))
    parts = [sentence(reworded)]
    if category and category.lower() not in reworded.lower():  # "Heart attack, unspecified": no
        parts.append(sentence(f"In the category: {category}"))  # "In the category: heart attack"
    if inclusion_terms:
        parts.append(sentence("Also covers: " + "; ".join(inclusion_terms[:MOST_INCLUSION_TERMS])))
    if heading:
        parts.append("A heading, not a billable code: a more specific code under it is needed.")
    return " ".join(parts)


def describe_pcs(axes: list[dict], operation_definition: str | None) -> str:
    """An ICD-10-PCS code or heading read from the meaning of each of its characters."""
    by_position = {axis["position"]: axis for axis in axes}
    section = by_position.get(1, {}).get("label", "")
    procedures = section if section.endswith("Procedures") else f"{section} procedures"  # "Other Procedures"
    operation = by_position.get(3)
    parts = []
    if operation:
        what = operation["label"]
        if operation_definition:
            what += f" ({_lower_first(operation_definition.rstrip('.'))})"
        same = operation["label"] == section  # the Other Procedures section's root operation
        parts.append(sentence(what if same else f"{procedures.removesuffix('s')}: {what}"))
    else:
        parts.append(sentence(procedures))
    for position in range(4, 8):
        axis = by_position.get(position)
        if axis is None or axis["label"] in PCS_NOTHING:
            continue
        if axis["axis"] == "Approach" and axis["label"] in PCS_APPROACHES:
            parts.append(sentence(f"Done {PCS_APPROACHES[axis['label']]} ({axis['label'].lower()} approach)"))
        else:
            parts.append(sentence(f"{axis['axis']}: {axis['label']}"))
    return " ".join(parts)


def _lower_first(text: str) -> str:
    """'Cutting out...' -> 'cutting out...'; the rest as written ('... screen. The image may...', 'MRI')."""
    first, _, rest = text.partition(" ")
    return (first if first.isupper() else first[:1].lower() + first[1:]) + (f" {rest}" if rest else "")


def describe_hcpcs(code: str, title: str, is_modifier: bool, section_title: str | None) -> str:
    """A HCPCS Level II code or modifier: its description with abbreviations expanded, its section."""
    text = sentence(hcpcs_abbreviations().apply(title))
    if is_modifier:
        return f"Modifier {code}: {text}"
    return f"{text} HCPCS section: {section_title[:1].lower()}{section_title[1:]}." if section_title else text


def plain_descriptions(connection: sqlite3.Connection) -> Iterator[tuple[str, str, str]]:
    """(plain, system, code) for every code the data can describe; CPT text is never shipped."""
    titles, parents = {}, {}
    for system, code, title, kind, parent in connection.execute(
        "SELECT system, code, title, kind, parent FROM codes"
    ):
        titles[system, code] = (title, kind)
        parents[system, code] = parent
    inclusion: dict[tuple[str, str], list[str]] = {}
    for system, code, text, lead_in in connection.execute(
        "SELECT system, code, text, lead_in FROM notes WHERE kind = 'inclusion_term' ORDER BY seq"
    ):
        inclusion.setdefault((system, code), []).append(f"{lead_in} {text}" if lead_in else text)
    definitions = _operation_definitions(connection)
    with_children = {(system, parent) for (system, _code), parent in parents.items() if parent}
    rows = connection.execute("SELECT system, code, kind, title, billable, attributes FROM codes")
    for system, code, kind, title, billable, attributes in rows:
        record = Code(system, code, kind, title, bool(billable), attributes=json.loads(attributes))
        if system in GLOSSARY_SYSTEMS:
            category = _category_title(system, code, parents, titles)
            heading = record.status == "header" and (system, code) in with_children
            plain = describe_icd(title, heading, category, inclusion.get((system, code), []))
        elif system == "icd10pcs":
            axes = record.attributes.get("axes", [])
            operation = next((a for a in axes if a["position"] == 3), None)
            definition = definitions.get((code[:1], operation["label"])) if operation else None
            plain = describe_pcs(axes, definition) if axes else None
        elif system in ("hcpcs", "hcpcs-modifier"):
            section = titles.get((system, parents.get((system, code))), (None, None))[0]
            plain = describe_hcpcs(code, title, system == "hcpcs-modifier", section)
        else:
            plain = None
        if plain and record.status == "retired":  # ICD-9-CM, terminated HCPCS: say so in the text too
            plain += " " + sentence(reporting_status(record))
        if plain:
            yield plain, system, code


def _category_title(
    system: str, code: str, parents: dict, titles: dict[tuple[str, str], tuple[str, str]]
) -> str | None:
    """The title of the code's ICD category (its three-character ancestor), when it has one."""
    ancestor = parents.get((system, code))
    while ancestor is not None:
        title, kind = titles.get((system, ancestor), (None, None))
        if kind == "category":
            return title
        ancestor = parents.get((system, ancestor))
    return None


def _operation_definitions(connection: sqlite3.Connection) -> dict[tuple[str, str], str]:
    rows = connection.execute("SELECT section, term, definition FROM pcs_definitions WHERE axis = 3")
    return {(section, term): definition for section, term, definition in rows}


def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    progress("plain language", 0, None)
    described = list(plain_descriptions(writer.connection))
    writer.connection.executemany("UPDATE codes SET plain = ? WHERE system = ? AND code = ?", described)
    progress("plain language", len(described), len(described))


STEP = ImportStep(name="plain-language", required=True, run=run, minimum_records={})
