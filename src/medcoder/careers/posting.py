"""A job as schema.org JobPosting JSON-LD, so search engines list it (Google's required properties)."""

import json
from dataclasses import dataclass
from datetime import date

from medcoder.careers.vocabulary import SCHEMA_EMPLOYMENT_TYPES


@dataclass(frozen=True)
class PostingFacts:
    title: str
    description_html: str
    organisation: str
    date_posted: date
    valid_through: date
    employment_type: str  # our key: full-time, part-time, ...
    work_arrangement: str  # remote, hybrid, on-site
    city: str
    region: str
    country: str
    salary_min: int | None
    salary_max: int | None
    salary_unit: str  # HOUR or YEAR
    url: str


def job_posting_jsonld(facts: PostingFacts) -> str:
    """The JSON text for a <script type="application/ld+json"> block; '<' escaped so it cannot end the tag."""
    posting: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": facts.title,
        "description": facts.description_html,
        "datePosted": facts.date_posted.isoformat(),
        "validThrough": facts.valid_through.isoformat(),
        "employmentType": SCHEMA_EMPLOYMENT_TYPES[facts.employment_type],
        "hiringOrganization": {"@type": "Organization", "name": facts.organisation},
        "url": facts.url,
    }
    address = {
        "@type": "PostalAddress",
        "addressLocality": facts.city,
        "addressRegion": facts.region,
        "addressCountry": facts.country,
    }
    if facts.work_arrangement == "remote":
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = {"@type": "Country", "name": facts.country}
    else:
        posting["jobLocation"] = {"@type": "Place", "address": address}
    if facts.salary_min or facts.salary_max:
        value = {"@type": "QuantitativeValue", "unitText": facts.salary_unit}
        if facts.salary_min:
            value["minValue"] = facts.salary_min
        if facts.salary_max:
            value["maxValue"] = facts.salary_max
        posting["baseSalary"] = {"@type": "MonetaryAmount", "currency": "USD", "value": value}
    return json.dumps(posting, ensure_ascii=False).replace("<", "\\u003c")
