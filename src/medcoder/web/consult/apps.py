from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "medcoder.web.consult"
    label = "consult"
    verbose_name = "CaseConsultant"
