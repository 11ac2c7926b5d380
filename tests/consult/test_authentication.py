"""Authentication-Results (RFC 8601): a pass counts only from a trusted server and for the From domain."""

import pytest

from medcoder.consult.authentication import authenticate_sender

TRUSTED = frozenset({"mx.medcoder.test"})


@pytest.mark.parametrize(
    "results",
    [
        "mx.medcoder.test; dmarc=pass (p=reject) header.from=example.org",
        "mx.medcoder.test 1; dkim=pass header.d=example.org header.s=mail; spf=none",
        "MX.medcoder.test; spf=pass smtp.mailfrom=bounces@example.org",
        "mx.medcoder.test; dkim=pass header.i=@example.org",
    ],
)
def test_a_trusted_aligned_pass_authenticates(results):
    verdict = authenticate_sender([results], "coder@example.org", TRUSTED)
    assert verdict.passed and "mx.medcoder.test" in verdict.detail


@pytest.mark.parametrize(
    "results",
    [
        ["attacker.example; dmarc=pass header.from=example.org"],  # written by the sender
        ["mx.medcoder.test; dkim=pass header.d=attacker.example"],  # a valid signature of another domain
        ["mx.medcoder.test; spf=pass smtp.mailfrom=attacker.example"],
        ["mx.medcoder.test; dmarc=pass header.from=attacker.example"],
        ["mx.medcoder.test; dkim=pass header.d=org"],  # a public suffix is nobody's domain
        ["mx.medcoder.test; dkim=none; spf=softfail smtp.mailfrom=example.org"],
        [],
    ],
)
def test_anything_else_does_not(results):
    assert authenticate_sender(results, "coder@example.org", TRUSTED).verdict == "none"


def test_a_fail_counts_from_any_server_and_beats_a_pass():
    verdict = authenticate_sender(
        [
            "mx.medcoder.test; dkim=pass header.d=example.org",
            "relay.example; dmarc=fail header.from=example.org",
        ],
        "coder@example.org",
        TRUSTED,
    )
    assert verdict.failed and verdict.detail == "dmarc=fail reported by relay.example"


def test_a_subdomain_sender_aligns_with_its_parent_domain_signature():
    results = ["mx.medcoder.test; dkim=pass header.d=example.org"]
    assert authenticate_sender(results, "coder@mail.example.org", TRUSTED).passed
    assert not authenticate_sender(results, "coder@example.org.attacker.example", TRUSTED).passed
