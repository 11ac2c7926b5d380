"""What we store about people: their plan, what they have used, their API tokens, failed logins."""

from django.conf import settings
from django.db import models


class Plan(models.TextChoices):
    """Guests have no account; `free` comes with registration, `premium` is set by staff."""

    FREE = "free", "Free"
    PREMIUM = "premium", "Premium"


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    plan = models.CharField(max_length=16, choices=Plan.choices, default=Plan.FREE)
    email_verified = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} ({self.plan})"


class MeteredUse(models.Model):
    """One counted use of a meter (a code page, a question...) by one visitor in one period.

    `visitor` is "user:<id>" or "guest:<keyed hash of the client address>"; the same item used twice in
    the same period is stored (and counted) once.
    """

    meter = models.CharField(max_length=32)
    visitor = models.CharField(max_length=80)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    item = models.CharField(max_length=200)
    period_start = models.DateField()
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meter", "visitor", "period_start", "item"], name="one_use_per_item_and_period"
            )
        ]
        indexes = [models.Index(fields=["meter", "visitor", "period_start"])]

    def __str__(self) -> str:
        return f"{self.visitor} {self.meter} {self.item}"


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 of the secret is kept; the secret is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=60)
    prefix = models.CharField(max_length=12, help_text="The start of the token, to tell tokens apart")
    secret_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class LoginFailure(models.Model):
    """A failed login, kept for the rate limit (stored in the database so every server process agrees)."""

    address = models.CharField(max_length=64)
    username = models.CharField(max_length=150)
    failed_at = models.DateTimeField(auto_now_add=True, db_index=True)
