from django.urls import path

from medcoder.web.case2code import views

app_name = "case2code"
urlpatterns = [
    path("", views.home, name="home"),
    path("export", views.export, name="export"),
]
