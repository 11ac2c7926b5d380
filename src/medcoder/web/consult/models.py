"""What CaseConsultant stores: every raw inbound message first, then cases, their messages and files."""

from django.conf import settings
from django.db import models


class InboundMail(models.Model):
    """A message as it arrived, stored before anything else so nothing is ever lost.

    `status` follows the worker: new -> processed, or retrying (with `last_error`) -> parked for staff
    after settings.MEDCODER_CONSULT["max_attempts"]. `outcome` says in words what processing decided.
    With redaction on, `raw` is the redacted rebuild (`consult.redact_mail`), or, for mail too broken to
    rebuild, the original until processing ends (`redaction` says which).
    """

    class Status(models.TextChoices):
        NEW = "new"
        PROCESSED = "processed"
        RETRYING = "retrying"
        PARKED = "parked"

    class Redaction(models.TextChoices):
        OFF = "off", "Stored as received (redaction off)"
        DONE = "done", "Redacted before storage"
        PENDING = "pending", "Held as received until processing ends (could not be rebuilt)"

    raw = models.BinaryField()
    redaction = models.CharField(max_length=8, choices=Redaction.choices, default=Redaction.OFF)
    removed_attachments = models.JSONField(default=list)  # [{"filename", "content_type", "size"}]
    channel_trusted = models.BooleanField(
        default=False, help_text="Arrived from a mailbox the site trusts to have authenticated the sender"
    )
    received_via = models.CharField(max_length=120)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    case = models.ForeignKey("ConsultCase", null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return f"inbound #{self.pk} via {self.received_via} ({self.status})"


class ConsultCase(models.Model):
    """One question thread with one sender. `waiting_since` is when the sender's latest unanswered
    question arrived (the SLA clock); the draft is CasePilot's, edited by the consultant."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a consultant"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"
        OVER_ALLOWANCE = "over_allowance", "Over the plan's monthly allowance"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consult_cases")
    subject = models.CharField(max_length=300)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    draft = models.TextField(blank=True)
    draft_citations = models.JSONField(default=list)  # [{"label": ..., "url": ...}]
    draft_confident = models.BooleanField(default=False)  # grounded enough to send without a consultant
    queue_reason = models.CharField(max_length=300, blank=True)  # why the latest question waits
    allowance_used = models.BooleanField(default=False)  # counted against the plan (`allowances`)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"case #{self.pk}: {self.subject}"


class CaseMessage(models.Model):
    """A question in or an answer out. `message_id` is the RFC 5322 Message-ID that threads replies."""

    class Direction(models.TextChoices):
        QUESTION = "in", "Question"
        ANSWER = "out", "Answer"

    case = models.ForeignKey(ConsultCase, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    message_id = models.CharField(max_length=300, unique=True)
    references = models.JSONField(default=list)  # the thread's Message-IDs, oldest first
    text = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    instant = models.BooleanField(default=False)  # sent by the worker without a consultant
    sender_authenticated = models.BooleanField(default=False)  # questions: SPF/DKIM/DMARC or trusted mailbox
    refused_attachments = models.JSONField(default=list)  # questions: [{"filename", "reason"}]
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.direction} {self.message_id}"


class CaseAttachment(models.Model):
    """A file kept from a question, stored under var/ (outside anything the site serves)."""

    message = models.ForeignKey(CaseMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    stored_path = models.CharField(max_length=500)


class RegistrationInvite(models.Model):
    """An address without a verified account that was told how to register, or (an account waiting
    for its address to be confirmed) how to verify: each told once, never again."""

    class Kind(models.TextChoices):
        REGISTER = "register"
        VERIFY = "verify"

    address = models.EmailField()
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REGISTER)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["address", "kind"], name="one_notice_per_kind")]
