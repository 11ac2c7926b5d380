"""The medcoder web site: a Django project with one app per product area (codes, accounts, ...)."""
