"""The site navigation, from settings.MEDCODER_NAVIGATION: each product area adds its entry there."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def navigation(request: HttpRequest) -> dict:
    """Template context: `navigation`, a list of (label, url, current) for the base template."""
    entries = []
    for label, url_name in settings.MEDCODER_NAVIGATION:
        url = reverse(url_name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        entries.append((label, url, current))
    return {"navigation": entries}
