"""The daily digest: each saved search with email on gets the jobs published since its last digest.

Runs as a django-tasks task on the site's worker (`medcoder consult worker`, i.e. `db_worker`). Each
run queues the next one a day later, so `medcoder careers digest` is needed once to start the chain;
no cron. A search that already had its digest within the day is skipped, so extra runs are harmless.
"""

from datetime import timedelta

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from medcoder.web.careers.emails import send_digest_mail
from medcoder.web.careers.models import SavedSearch
from medcoder.web.careers.search import InvalidJobQuery, parse_job_query, search_jobs


def schedule_next_digest(after: timedelta) -> bool:
    """Queue the digest to run `after` from now unless a run is already waiting; True when queued."""
    queued = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=send_daily_digests.module_path
    )
    waiting = queued.exists()
    if not waiting:
        send_daily_digests.using(run_after=timezone.now() + after).enqueue()
    return not waiting


@task()
def send_daily_digests() -> int:
    """How many digests were mailed."""
    now = timezone.now()
    schedule_next_digest(timedelta(days=1))
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
