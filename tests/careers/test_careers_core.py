"""CareerCenter rules that need no web: sanitised descriptions, resume checks, JobPosting JSON-LD."""

import io
import json
import zipfile
from datetime import date

import pytest

from medcoder.careers.markdown_text import plain_summary, render_description
from medcoder.careers.posting import PostingFacts, job_posting_jsonld
from medcoder.careers.resumes import ResumeRejected, check_resume, check_resume_size
from medcoder.file_content import DOCX, PDF
from tests.test_file_content import docx_bytes


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=//evil.example></iframe>",
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_descriptions_never_carry_executable_html(attack):
    html = render_description(f"**Remote CPC** wanted.\n\n{attack}")
    assert "<strong>Remote CPC</strong>" in html
    for marker in ("<script", "onerror", "javascript:", "<iframe", "style="):
        assert marker not in html.lower()


def test_links_are_kept_safe_and_summary_is_plain():
    html = render_description("Apply at [our site](https://jobs.example.org/apply).")
    assert 'href="https://jobs.example.org/apply"' in html and "noopener" in html
    assert (
        plain_summary("## Duties\n\n* Code **E/M** visits\n* Audit charts", 40)
        == "Duties Code E/M visits Audit charts"
    )


def test_resumes_are_checked_by_content():
    assert check_resume(b"%PDF-1.7\n...") is PDF
    assert check_resume(docx_bytes()) is DOCX
    with pytest.raises(ResumeRejected):
        check_resume(b"MZ\x90\x00 an exe renamed resume.pdf")
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("notes.txt", "not a word document")
    with pytest.raises(ResumeRejected):
        check_resume(plain_zip.getvalue())
    with pytest.raises(ResumeRejected, match="larger than"):
        check_resume(b"%PDF-" + b"0" * 5_000_001)


def test_a_word_resume_with_macros_is_refused_and_the_size_is_checked_before_reading():
    with pytest.raises(ResumeRejected, match="macros"):
        check_resume(docx_bytes(macros=True))
    check_resume_size(5_000_000)
    with pytest.raises(ResumeRejected, match="larger than 5 MB"):
        check_resume_size(5_000_001)


def facts(**changes) -> PostingFacts:
    base = dict(
        title="Outpatient Coder </script><script>alert(1)</script>",
        description_html="<p>Code clinic visits.</p>",
        organisation="Example Health",
        date_posted=date(2026, 11, 1),
        valid_through=date(2026, 12, 31),
        employment_type="full-time",
        work_arrangement="remote",
        city="Denver",
        region="CO",
        country="US",
        salary_min=52000,
        salary_max=61000,
        salary_unit="YEAR",
        url="https://medcoder.test/careers/jobs/1/",
    )
    return PostingFacts(**{**base, **changes})


def test_job_posting_jsonld_has_the_required_properties_and_cannot_break_out():
    text = job_posting_jsonld(facts())
    assert "</script>" not in text
    posting = json.loads(text)
    assert posting["@type"] == "JobPosting" and posting["employmentType"] == "FULL_TIME"
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "YEAR",
        "minValue": 52000,
        "maxValue": 61000,
    }
    on_site = json.loads(
        job_posting_jsonld(facts(work_arrangement="on-site", salary_min=None, salary_max=None))
    )
    assert on_site["jobLocation"]["address"]["addressLocality"] == "Denver" and "baseSalary" not in on_site
