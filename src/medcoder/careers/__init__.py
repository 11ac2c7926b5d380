"""CareerCenter: the medical-coding job board's domain rules (no Django here).

Credentials and specialties vocabulary, job descriptions as sanitised Markdown, resume checks by
content, and the schema.org JobPosting a job page carries.
"""
