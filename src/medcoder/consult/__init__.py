"""CaseConsultant: coding questions by email, answers by email.

`inbound` turns raw mail into an `InboundMessage` (never raising on bad MIME), `loops` recognises
mail that must never be answered, `redact` removes obvious patient identifiers before storage.
"""
