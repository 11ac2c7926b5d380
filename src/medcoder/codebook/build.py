"""Build a codebook file from the official sources, atomically.

The new file is written beside the target, validated (every required source present, record counts
plausible) and only then moved over the old one, so a failed build leaves the previous codebook in use.
"""

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from medcoder import __version__
from medcoder.codebook.errors import DataFileError, SourceMissing
from medcoder.codebook.importers import ImportStep, Progress, no_progress
from medcoder.codebook.writer import CodebookWriter


@dataclass
class BuildReport:
    path: Path
    imported: list[str] = field(default_factory=list)
    skipped: list[SourceMissing] = field(default_factory=list)
    seconds: float = 0.0


def build_steps() -> list[ImportStep]:
    """The importers and derived steps, in the order they must run.

    Code systems first (ICD-10-CM tabular, its index, ICD-10-PCS and its index, HCPCS), then what refers to codes
    (GEMs, billing-rule files), then the steps derived from everything (plain language, search index).
    """
    from medcoder.codebook import plain_language, search_index
    from medcoder.codebook.importers import (
        gems,
        hcpcs,
        icd10cm_index,
        icd10cm_tabular,
        icd10pcs,
        icd10pcs_index,
    )

    return [
        icd10cm_tabular.STEP,
        *icd10cm_index.STEPS,
        icd10pcs.STEP,
        icd10pcs_index.STEP,
        hcpcs.STEP,
        gems.STEP,
        *billing_rule_steps(),
        plain_language.STEP,
        search_index.STEP,
    ]


def billing_rule_steps() -> list[ImportStep]:
    """Licensed CPT, NCCI PTP and MUE, fee schedule, POS, coverage documents, MS-DRG; then the CPT
    numbers those files use (so it runs last of them)."""
    from medcoder.codebook.importers import cpt, lcd, msdrg, mue, ncci_ptp, pfs_rvu, pos

    return [
        cpt.LICENSED_STEP,
        *ncci_ptp.STEPS,
        *mue.STEPS,
        pfs_rvu.STEP,
        pos.STEP,
        lcd.STEP,
        msdrg.STEP,
        cpt.NUMBERS_STEP,
    ]


def build_codebook(
    target: Path,
    data_dir: Path | None,
    progress: Progress = no_progress,
    steps: list[ImportStep] | None = None,
) -> BuildReport:
    """Build into `target` from `data_dir` (None: only package-carried sources)."""
    started = datetime.now(UTC)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".building")
    partial.unlink(missing_ok=True)
    writer = CodebookWriter(partial)
    report = BuildReport(path=target)
    try:
        for step in steps or build_steps():
            try:
                step.run(writer, data_dir, progress)
            except SourceMissing as missing:
                if step.required:
                    raise DataFileError(
                        missing.looked_for, None, f"required source {missing.source} missing"
                    ) from missing
                report.skipped.append(missing)
                continue
            _check_counts(writer, step)
            report.imported.append(step.name)
        writer.set_meta("built_at", started.isoformat(timespec="seconds"))
        writer.set_meta("medcoder_version", __version__)
        writer.set_meta("data_dir", str(data_dir) if data_dir else "")
        writer.finish()
    except BaseException:
        writer.abandon()
        raise
    os.replace(partial, target)
    report.seconds = (datetime.now(UTC) - started).total_seconds()
    return report


def _check_counts(writer: CodebookWriter, step: ImportStep) -> None:
    for source, minimum in step.minimum_records.items():
        found = (
            writer.count("sources", "name = ?", source)
            and writer.connection.execute("SELECT records FROM sources WHERE name = ?", (source,)).fetchone()[
                0
            ]
        )
        if found < minimum:
            raise DataFileError(source, None, f"only {found} records imported, expected at least {minimum}")
