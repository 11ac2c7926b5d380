"""Billing rules over the codebook: NCCI PTP edits, MUEs, fee-schedule indicators, places of service,
coverage documents, MS-DRG, and the claim checker that applies them. Pure Python, no Django."""

from medcoder.rules.check import check_claim
from medcoder.rules.claim import Claim, ClaimError, ClaimLine, claim_from_dict
from medcoder.rules.findings import Finding

__all__ = ["Claim", "ClaimError", "ClaimLine", "Finding", "check_claim", "claim_from_dict"]
