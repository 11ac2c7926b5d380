from django.urls import path

from medcoder.web.pilot import views

app_name = "pilot"
urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article, name="article"),
]
