from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "medcoder.web.careers"
    label = "careers"
    default_auto_field = "django.db.models.BigAutoField"
