"""Is the From address really the sender's? Read from Authentication-Results headers (RFC 8601).

Anyone can write an Authentication-Results header into the mail they send, so a pass counts only in a
header whose authserv-id the site trusts: its own border mail server, which must remove incoming
headers carrying that id (OpenDMARC, Rspamd, Exim and the hosted mail services do). A pass means DMARC
passed, or DKIM or SPF passed for the From address's own domain or a parent of it (relaxed alignment),
so a valid signature of some other domain proves nothing about the From. A fail counts in any header:
it can only make us do less (no instant answer, no notice to the address).
"""

import re
from dataclasses import dataclass

CHECKS = ("dmarc", "dkim", "spf")
# the property naming the domain each check vouched for
ALIGNED_PROPERTY = {"dmarc": ("header.from",), "dkim": ("header.d", "header.i"), "spf": ("smtp.mailfrom",)}
RESULT = re.compile(r"^\s*([a-z][a-z0-9-]*)\s*=\s*([a-z]+)(.*)$", re.DOTALL)
PROPERTY = re.compile(r"([a-z][a-z0-9-]*\.[a-z][a-z0-9-]*)\s*=\s*([^\s;]+)")


@dataclass(frozen=True)
class SenderAuthentication:
    verdict: str  # "pass", "fail" or "none" (no trusted result either way)
    detail: str  # what decided it, for the log and the console

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"

    @property
    def failed(self) -> bool:
        return self.verdict == "fail"


def authenticate_sender(
    results_headers: list[str], sender: str, trusted_ids: frozenset[str]
) -> SenderAuthentication:
    """The verdict on `sender` (an address) from the message's Authentication-Results values."""
    domain = sender.rpartition("@")[2].lower()
    trusted_ids = frozenset(t.lower() for t in trusted_ids)
    passes: list[str] = []
    for header in results_headers:
        authserv_id, results = _parse(header)
        trusted = authserv_id in trusted_ids
        for check, result, properties in results:
            if check in CHECKS and result == "fail":
                return SenderAuthentication("fail", f"{check}=fail reported by {authserv_id or 'unknown'}")
            if trusted and result == "pass" and _aligned(check, properties, domain):
                passes.append(f"{check}=pass by {authserv_id}")
    if passes:
        return SenderAuthentication("pass", passes[0])
    if not results_headers:
        return SenderAuthentication("none", "no Authentication-Results header")
    return SenderAuthentication("none", "no passing result from a trusted authserv-id")


def _parse(header: str) -> tuple[str, list[tuple[str, str, dict[str, str]]]]:
    """(authserv-id, [(method, result, properties)]) with comments removed and names lower-cased."""
    text = re.sub(r"\([^()]*\)", " ", " ".join(header.split())).lower()
    first, *rest = text.split(";")
    authserv_id = first.split()[0] if first.split() else ""
    results = []
    for resinfo in rest:
        found = RESULT.match(resinfo)
        if found:
            method, result, tail = found.groups()
            results.append((method, result, dict(PROPERTY.findall(tail))))
    return authserv_id, results


def _aligned(check: str, properties: dict[str, str], domain: str) -> bool:
    """DMARC's pass is aligned by definition (its header.from, when given, must still be ours)."""
    if check == "dmarc" and "header.from" not in properties:
        return True
    for name in ALIGNED_PROPERTY.get(check, ()):
        vouched = properties.get(name, "").rpartition("@")[2]
        if "." in vouched and (domain == vouched or domain.endswith("." + vouched)):
            return True
    return False
