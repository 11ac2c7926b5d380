"""Site URLs: each product area's app brings its own urls.py; the JSON API lives under /api/v1/."""

from django.contrib import admin
from django.contrib.staticfiles.views import serve as serve_static
from django.urls import include, path, re_path

from medcoder.web.api import api

urlpatterns = [
    path("", include("medcoder.web.codes.urls")),
    path("accounts/", include("medcoder.web.accounts.urls")),
    path("claims/", include("medcoder.web.claims.urls")),
    path("case2code/", include("medcoder.web.case2code.urls")),
    path("pilot/", include("medcoder.web.pilot.urls")),
    path("consult/", include("medcoder.web.consult.urls")),
    path("careers/", include("medcoder.web.careers.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    # The site's few static files are served by Django itself, so one process serves everything.
    re_path(r"^static/(?P<path>.*)$", serve_static, {"insecure": True}),
]
