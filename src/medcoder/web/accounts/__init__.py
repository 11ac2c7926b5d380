"""Accounts: registration with email verification, plans, metering of what each plan may use, API tokens."""
