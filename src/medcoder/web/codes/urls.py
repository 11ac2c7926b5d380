from django.urls import path

from medcoder.web.codes import views

app_name = "codes"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("codes/<slug:system>/<str:code>/", views.code_page, name="code"),
    path("codes/<slug:system>/<str:code>/ptp/", views.ptp_edits, name="ptp"),
    path("browse/", views.browse, name="browse"),
    path("browse/<slug:system>/", views.browse_system, name="browse_system"),
]
