"""Codes: home and search with type-ahead, code pages, browsing the hierarchies, the codes API."""
