from django.apps import AppConfig


class PilotConfig(AppConfig):
    name = "medcoder.web.pilot"
    label = "pilot"
    default_auto_field = "django.db.models.BigAutoField"
