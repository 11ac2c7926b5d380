"""CaseConsultant on the web site: inbound mail stored and processed by a background worker, consult
cases threaded by Message-ID, instant answers from CasePilot, and the consultant console.

Mail arrives through `intake.store_inbound` (called by the SMTP listener and the IMAP poller), which
stores the raw message and enqueues `tasks.process_inbound_mail`; `processing` decides the outcome.
"""
