"""The new text of a reply: quoted history, the client's attribution line, the signature and a closing
sign-off cut away, so CasePilot reads the question and nothing else.

Cutting is conservative: a sign-off ("Thanks,\\nMary Jones, CPC\\nPhone ...") goes only when text
stands above it and what follows is a few short lines without a question mark, so a question written
after a "Thanks" is never lost.
"""

import re

HISTORY_STARTS = [
    re.compile(r"^-{2,}\s*Original Message\s*-{2,}", re.IGNORECASE),
    re.compile(r"^From: .+$"),  # Outlook-style quoted header block
    re.compile(r"^_{10,}$"),
]
# "On Mon, 3 Nov 2026 at 10:02, CaseConsultant <consult@medcoder.test> wrote:", which Gmail and Apple
# Mail wrap over two or three lines; the date it always names tells it from a sentence starting "On".
ATTRIBUTION = re.compile(r"^On .{1,300}wrote:$")
ATTRIBUTION_MAX_LINES = 3
SIGN_OFF = re.compile(
    r"^(?i:thanks|thank you|many thanks|thanks again|thanks in advance|thanks so much|thanks a lot"
    r"|thank you in advance|thanks for (?:your|the|any) help|regards|best regards|kind regards"
    r"|warm regards|with regards|best|best wishes|all the best|sincerely|respectfully|cheers)"
    r"\s*[,.!]?\s*(?:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})?$"
)
SIGNATURE_MAX_LINES = 6
SIGNATURE_MAX_LINE_LENGTH = 80


def trim_quoted_history(text: str) -> str:
    """The text above the quoted reply history and the signature, without a closing sign-off."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped == "--" or _history_starts(lines, number):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(_without_sign_off(kept)).strip()


def _history_starts(lines: list[str], number: int) -> bool:
    stripped = lines[number].strip()
    if any(pattern.match(stripped) for pattern in HISTORY_STARTS):
        return True
    if not stripped.startswith("On "):
        return False
    for length in range(1, ATTRIBUTION_MAX_LINES + 1):
        joined = " ".join(line.strip() for line in lines[number : number + length])
        if ATTRIBUTION.match(joined) and re.search(r"\d", joined):
            return True
    return False


def _without_sign_off(lines: list[str]) -> list[str]:
    """`lines` up to the first sign-off that has text above it and only a short signature below."""
    for number, line in enumerate(lines):
        if not SIGN_OFF.match(line.strip()) or not any(above.strip() for above in lines[:number]):
            continue
        below = [rest.strip() for rest in lines[number + 1 :] if rest.strip()]
        if len(below) <= SIGNATURE_MAX_LINES and all(
            "?" not in rest and len(rest) <= SIGNATURE_MAX_LINE_LENGTH for rest in below
        ):
            return lines[:number]
    return lines
