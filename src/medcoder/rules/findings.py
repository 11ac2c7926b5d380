"""What a claim check reports: one `Finding` per problem, each naming its rule, source and a fix."""

from dataclasses import dataclass
from functools import cache

from medcoder.codebook import Codebook

ERROR = "error"  # the claim line will be denied or rejected as coded
WARNING = "warning"  # likely wrong, or payable only with documentation
INFO = "info"  # the check could not be made (data missing): said, never guessed
NOT_IN_CODEBOOK = "not in this codebook"


@dataclass(frozen=True)
class Finding:
    rule: str  # e.g. 'ncci-ptp', 'mue', 'excludes1', 'header-code'
    severity: str  # error, warning, info
    message: str
    fix: str
    codes: tuple[str, ...]  # the codes the finding is about
    source: str  # name in the codebook's `sources`
    source_version: str
    line: int | None = None  # 1-based claim line, None for diagnosis-level findings


def finding(
    codebook: Codebook,
    rule: str,
    severity: str,
    message: str,
    fix: str,
    codes: tuple[str, ...],
    source: str,
    line: int | None = None,
) -> Finding:
    """A finding citing `source` at the version this codebook was built from."""
    return Finding(rule, severity, message, fix, codes, source, source_version(codebook, source), line)


@cache
def source_version(codebook: Codebook, source: str) -> str:
    """The version of a source in this codebook, or "not in this codebook" (files never change once built)."""
    cited = codebook.source(source)
    return cited.version if cited else NOT_IN_CODEBOOK


def has_source(codebook: Codebook, source: str) -> bool:
    return source_version(codebook, source) != NOT_IN_CODEBOOK
