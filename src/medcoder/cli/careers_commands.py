"""`medcoder careers seed-demo | digest`: demo jobs for a live board, and the daily saved-search digest."""

import click

from medcoder.cli.consult_commands import _setup_django

DEMO_EMPLOYER_EMAIL = "demo-employer@example.invalid"

# (title, city, region, arrangement, type, credentials, specialties, years, salary min, max, unit, text)
DEMO_JOBS = [
    (
        "Remote Outpatient Coder",
        "Nashville",
        "TN",
        "remote",
        "full-time",
        "CPC,COC",
        "Hospital Outpatient",
        2,
        52000,
        62000,
        "YEAR",
        "Code outpatient surgery and ancillary encounters with ICD-10-CM and CPT.",
    ),
    (
        "Inpatient Coding Specialist",
        "Cleveland",
        "OH",
        "hybrid",
        "full-time",
        "CCS,CIC",
        "Hospital Inpatient",
        3,
        60000,
        74000,
        "YEAR",
        "Assign ICD-10-CM and ICD-10-PCS codes and MS-DRGs to inpatient stays.",
    ),
    (
        "Risk Adjustment Coder (HCC)",
        "Denver",
        "CO",
        "remote",
        "contract",
        "CRC",
        "Risk Adjustment (HCC)",
        1,
        30,
        38,
        "HOUR",
        "Review charts for HCC capture and documentation support; contract through year end.",
    ),
    (
        "Emergency Department Pro-Fee Coder",
        "Phoenix",
        "AZ",
        "on-site",
        "full-time",
        "CPC",
        "Emergency Medicine",
        2,
        48000,
        56000,
        "YEAR",
        "Code ED physician E/M levels, procedures and modifiers 25 and 59.",
    ),
    (
        "Clinical Documentation Integrity Specialist",
        "Boston",
        "MA",
        "hybrid",
        "full-time",
        "CCDS,CDIP",
        "Hospital Inpatient",
        4,
        82000,
        98000,
        "YEAR",
        "Query physicians and review records concurrently.",
    ),
    (
        "Part-time Billing and Coding Associate",
        "Madison",
        "WI",
        "on-site",
        "part-time",
        "CPB,CCA",
        "Family Practice",
        0,
        20,
        24,
        "HOUR",
        "Charge entry, denials follow-up and E/M coding for a family practice.",
    ),
]


@click.group()
def careers() -> None:
    """CareerCenter: the medical-coding job board."""


@careers.command("seed-demo")
def seed_demo() -> None:
    """Replace the demo jobs with a fresh set, live for 30 days, each marked as a demo listing."""
    _setup_django()
    from django.contrib.auth import get_user_model

    from medcoder.web.careers.models import EmployerProfile, Job
    from medcoder.web.careers.services import approve_job

    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_EMPLOYER_EMAIL, defaults={"email": DEMO_EMPLOYER_EMAIL, "is_active": False}
    )
    employer, _ = EmployerProfile.objects.update_or_create(
        user=user, defaults={"organisation": "Demo Health System (demo)", "verified": True}
    )
    Job.objects.filter(demo=True).delete()
    for (
        title,
        city,
        region,
        arrangement,
        kind,
        credentials,
        specialties,
        years,
        low,
        high,
        unit,
        text,
    ) in DEMO_JOBS:
        job = Job.objects.create(
            employer=employer,
            title=title,
            organisation=employer.organisation,
            city=city,
            region=region,
            work_arrangement=arrangement,
            employment_type=kind,
            credentials=f",{credentials},",
            specialties=f",{specialties},",
            experience_years=years,
            salary_min=low,
            salary_max=high,
            salary_unit=unit,
            description=f"**Demo listing, not a real job.**\n\n{text}",
            apply_by=Job.ApplyBy.SITE,
            demo=True,
        )
        approve_job(job)
    click.echo(f"{len(DEMO_JOBS)} demo jobs are live on /careers/.")


@careers.command()
def digest() -> None:
    """Start the daily saved-search digest: the worker (`medcoder consult worker`) runs it now and then
    every day, each run queueing the next."""
    _setup_django()
    from datetime import timedelta

    from medcoder.web.careers.digest import schedule_next_digest

    if schedule_next_digest(timedelta(0)):
        click.echo("Digest queued; the worker mails it now and every day after.")
    else:
        click.echo("A digest run is already waiting in the queue; nothing to do.")


COMMANDS = [careers]
