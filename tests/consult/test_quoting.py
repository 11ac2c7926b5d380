"""The question, without the history, attribution, signature or sign-off mail clients add to a reply."""

import pytest

from medcoder.consult.quoting import trim_quoted_history


def test_quoted_history_and_signature_are_trimmed():
    body = "And for E10.9?\n\nOn Mon, 3 Nov 2026, CaseConsultant wrote:\n> E11.9 is type 2...\n"
    assert trim_quoted_history(body) == "And for E10.9?"
    assert trim_quoted_history("Thanks!\n-- \nJane, CPC\n555 Main St") == "Thanks!"
    outlook = "See above\n\n-----Original Message-----\nFrom: x\nSent: y\nold text"
    assert trim_quoted_history(outlook) == "See above"


@pytest.mark.parametrize(
    "attribution",
    [
        "On Mon, Nov 3, 2026 at 10:02 AM CaseConsultant <consult@medcoder.test>\nwrote:",
        "On Mon, Nov 3, 2026 at 10:02 AM CaseConsultant <\nconsult@medcoder.test> wrote:",
        "On 3 Nov 2026, at 10:02, CaseConsultant\n<consult@medcoder.test>\nwrote:",
    ],
)
def test_an_attribution_wrapped_over_lines_is_cut_with_the_history(attribution):
    body = f"And what about E10.9?\n\n{attribution}\n\n> E11.9 is billable.\n> Sources: ..."
    assert trim_quoted_history(body) == "And what about E10.9?"


def test_a_sentence_starting_with_on_stays():
    body = "On the op note the surgeon documented a laparoscopic approach.\nWhich root operation applies?"
    assert trim_quoted_history(body) == body


@pytest.mark.parametrize(
    "closing",
    [
        "Thanks,\nMary Jones, CPC\nCoding Manager, Lakeside Clinic\nPhone 555-123-4567",
        "Best regards,\nMary",
        "Thank you in advance!\n\nMary Jones, CPC, CRC\nmary@lakeside.example\n(555) 123-4567",
        "Thanks, Mary",
        "Cheers",
    ],
)
def test_a_sign_off_and_the_signature_under_it_are_cut(closing):
    assert trim_quoted_history(f"Is E11.9 billable for a clinic visit?\n\n{closing}") == (
        "Is E11.9 billable for a clinic visit?"
    )


@pytest.mark.parametrize(
    "body",
    [
        "Thanks,\nwhat is the MUE for 99213?",  # a question after the thanks
        "Is E11.9 billable?\nThanks!\nAlso, does E10.9 need an insulin code?",
        "Thanks for the answer on E11.9; it helped our audit a lot and the team agreed.",
        "Thanks!",  # nothing above it: the sign-off is all there is
        "Is E11.9 billable?\nThanks,\n"
        + "\n".join(f"line {n}" for n in range(8)),  # too long for a signature
    ],
)
def test_sign_offs_are_cut_conservatively(body):
    assert trim_quoted_history(body) == body
