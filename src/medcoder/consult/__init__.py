"""CaseConsultant: coding questions by email, answers by email.

`inbound` turns raw mail into an `InboundMessage` (never raising on bad MIME), with `quoting` trimming
reply history and `authentication` reading the sender's SPF/DKIM/DMARC verdict; `loops` recognises
mail that must never be answered; `instant` decides whether a draft may go out without a consultant;
`redact` and `redact_mail` remove obvious patient identifiers before storage.
"""
