from django.urls import path

from medcoder.web.claims import views

app_name = "claims"
urlpatterns = [
    path("", views.check, name="check"),
    path("coverage/", views.coverage, name="coverage"),
]
