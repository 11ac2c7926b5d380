"""The daily digest: each saved search with email on gets the jobs published since its last digest.

Runs as a django-tasks task on the site's worker; `medcoder careers digest` enqueues it (from cron,
once a day). A search that already had its digest within the day is skipped, so extra runs are harmless.
"""

from datetime import timedelta

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django_tasks import task

from medcoder.web.careers.emails import send_digest_mail
from medcoder.web.careers.models import SavedSearch
from medcoder.web.careers.search import InvalidJobQuery, parse_job_query, search_jobs


@task()
def send_daily_digests() -> int:
    """How many digests were mailed."""
    now = timezone.now()
    due = SavedSearch.objects.filter(email_digest=True).exclude(last_digest_at__gt=now - timedelta(days=1))
    mailed = 0
    for saved in due.select_related("user"):
        try:
            query = parse_job_query(QueryDict(saved.query_string))
        except InvalidJobQuery:
            continue  # a vocabulary entry was renamed since; the search page shows the user why
        since = saved.last_digest_at or saved.created_at
        jobs = search_jobs(query.on_page(1), published_after=since).jobs
        if jobs:
            send_digest_mail(saved, jobs, settings.MEDCODER_CONSULT["site_url"])
            mailed += 1
        saved.last_digest_at = now
        saved.save(update_fields=["last_digest_at"])
    return mailed
