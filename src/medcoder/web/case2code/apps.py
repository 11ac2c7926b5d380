from django.apps import AppConfig


class Case2CodeConfig(AppConfig):
    name = "medcoder.web.case2code"
    label = "case2code"
