from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "medcoder.web.claims"
    label = "claims"
