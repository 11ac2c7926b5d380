from django.apps import AppConfig


class CodesConfig(AppConfig):
    name = "medcoder.web.codes"
    label = "codes"
