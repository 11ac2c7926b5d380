from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "medcoder.web.accounts"
    label = "accounts"
    verbose_name = "Accounts, plans and metering"
