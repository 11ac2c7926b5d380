"""A saved search as an Atom feed, reachable by its secret token so feed readers need no login."""

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from medcoder.careers.markdown_text import plain_summary
from medcoder.web.careers.models import SavedSearch
from medcoder.web.careers.search import InvalidJobQuery, parse_job_query, search_jobs


def saved_search_feed(request: HttpRequest, token: str) -> HttpResponse:
    saved = get_object_or_404(SavedSearch, feed_token=token)
    try:
        query = parse_job_query(QueryDict(saved.query_string))
    except InvalidJobQuery as error:
        return HttpResponse(str(error), status=400, content_type="text/plain")
    feed = Atom1Feed(
        title=f"medcoder jobs: {saved.name}",
        link=request.build_absolute_uri(reverse("careers:search") + "?" + saved.query_string),
        description="New medical coding jobs matching a saved search",
        feed_url=request.build_absolute_uri(),
    )
    for job in search_jobs(query.on_page(1)).jobs:
        feed.add_item(
            title=f"{job.title} at {job.organisation}",
            link=request.build_absolute_uri(reverse("careers:job", args=[job.pk])),
            description=plain_summary(job.description),
            pubdate=job.published_at,
            unique_id=f"medcoder-job-{job.pk}",
        )
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")
