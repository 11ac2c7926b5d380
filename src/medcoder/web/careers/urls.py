from django.urls import path

from medcoder.web.careers import employer_views, feeds, views

app_name = "careers"
urlpatterns = [
    path("", views.search, name="search"),
    path("jobs/<int:job_id>/", views.job, name="job"),
    path("jobs/<int:job_id>/apply/", views.apply, name="apply"),
    path("applications/", views.my_applications, name="my_applications"),
    path("saved/", views.saved_searches, name="saved_searches"),
    path("saved/<int:search_id>/delete/", views.delete_saved_search, name="delete_saved_search"),
    path("saved/<str:token>/feed.atom", feeds.saved_search_feed, name="feed"),
    path("employer/", employer_views.dashboard, name="dashboard"),
    path("employer/post/", employer_views.post_job, name="post"),
    path("employer/jobs/<int:job_id>/edit/", employer_views.edit_job, name="edit"),
    path("employer/jobs/<int:job_id>/close/", employer_views.close, name="close"),
    path("employer/jobs/<int:job_id>/renew/", employer_views.renew, name="renew"),
    path("employer/jobs/<int:job_id>/applicants/", employer_views.applicants, name="applicants"),
    path("employer/applications/<int:application_id>/resume/", employer_views.resume, name="resume"),
    path("employer/applications/<int:application_id>/status/", employer_views.set_status, name="status"),
]
