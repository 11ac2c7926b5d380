"""CasePilot's conversation history: every question a visitor asked and the answer they got."""

from django.conf import settings
from django.db import models


class Exchange(models.Model):
    """One question and its answer (`Answer.to_json()`), kept so a visitor sees their history.

    `visitor` is the metering key ("user:<id>" or "guest:<keyed hash>"), so guests have a history too.
    """

    visitor = models.CharField(max_length=80)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    question = models.TextField()
    answer = models.JSONField()
    asked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["visitor", "asked_at"])]
        ordering = ["asked_at", "id"]
