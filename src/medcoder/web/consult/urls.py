from django.urls import path

from medcoder.web.consult import views

app_name = "consult"
urlpatterns = [
    path("", views.my_cases, name="mine"),
    path("console/", views.queue, name="queue"),
    path("console/cases/<int:case_id>/", views.case_detail, name="case"),
    path("console/cases/<int:case_id>/claim/", views.claim, name="claim"),
    path("console/cases/<int:case_id>/draft/", views.save_draft, name="save_draft"),
    path("console/cases/<int:case_id>/send/", views.send, name="send"),
    path("console/cases/<int:case_id>/close/", views.close, name="close"),
    path("console/parked/<int:inbound_id>/retry/", views.retry, name="retry"),
]
