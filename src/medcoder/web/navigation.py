"""The site navigation, from settings.MEDCODER_NAVIGATION: each product area adds its entry there."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def navigation(request: HttpRequest) -> dict:
    """Template context: `navigation`, a list of (label, url, current) for the base template.

    The current entry is the one whose address is the longest start of the page's path, so a page
    under /claims/coverage/ marks "Coverage", not also "Claim check" at /claims/.
    """
    urls = [(label, reverse(url_name)) for label, url_name in settings.MEDCODER_NAVIGATION]
    containing = [
        url for _, url in urls if request.path == url or (url != "/" and request.path.startswith(url))
    ]
    current = max(containing, key=len, default=None)
    return {"navigation": [(label, url, url == current) for label, url in urls]}
