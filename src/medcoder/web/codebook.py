"""The one codebook each web process reads; opened on first use from $MEDCODER_CODEBOOK."""

from functools import cache

from medcoder.codebook import Codebook


@cache
def shared_codebook() -> Codebook:
    """The process-wide `Codebook`; it is read-only and safe to share between threads."""
    return Codebook.open()


@cache
def systems_present() -> dict[str, dict[str, int]]:
    """The shared codebook's systems with their billable, retired and header counts; counted once (a full
    scan) per process."""
    return shared_codebook().status_counts()
