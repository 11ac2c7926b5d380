"""The one-off replies to senders CaseConsultant does not answer: strangers are told how to register,
accounts still waiting for their address to be confirmed how to verify (with a new confirmation link).

Each address gets each notice once, ever, so a loop with another robot or a forged sender cannot
make us mail an address twice; a sender that failed authentication gets nothing (no backscatter).
"""

from collections.abc import Callable
from functools import partial
from urllib.parse import urljoin

from django.contrib.auth import get_user_model
from django.db import transaction

from medcoder.consult.inbound import InboundMessage
from medcoder.web.accounts.emails import send_verification_mail
from medcoder.web.accounts.models import Profile
from medcoder.web.consult.models import RegistrationInvite
from medcoder.web.consult.replies import consult_setting, send_reply


class _SiteLinks:
    """The one thing `send_verification_mail` asks of a request, absolute links, for mail sent from
    the worker, where there is no request: links are made on the site's public address."""

    def __init__(self, site_url: str):
        self.site_url = site_url.rstrip("/") + "/"

    def build_absolute_uri(self, location: str) -> str:
        return urljoin(self.site_url, location)


def notice_for_stranger(message: InboundMessage) -> str:
    """Tell a sender without a verified account what to do, at most once; returns the outcome."""
    if message.authentication.failed:
        return "dropped, sender without a verified account failed authentication (no notice: backscatter)"
    account = get_user_model().objects.filter(email__iexact=message.sender).order_by("pk").first()
    if account is None:
        return _invite_to_register(message)
    if not Profile.objects.filter(user=account, email_verified=True).exists():
        return _ask_to_verify(message, account)
    return "dropped, the account for this address is deactivated"


def _invite_to_register(message: InboundMessage) -> str:
    site_url = consult_setting("site_url").rstrip("/")
    text = (
        "Thank you for your coding question. CaseConsultant answers questions from registered medcoder "
        f"users with a verified address. Register at {site_url}/accounts/register/ with this address, "
        "then send your question again.\n\nThis notice is sent only once."
    )
    if not _notify_once(message, RegistrationInvite.Kind.REGISTER, text):
        return "dropped, unknown sender already sent the registration link"
    return "registration link sent to an unknown sender"


def _ask_to_verify(message: InboundMessage, account) -> str:
    text = (
        "Thank you for your coding question. Your medcoder account for this address is waiting for the "
        "address to be confirmed: we have just sent you a new confirmation link in a separate email. Open "
        "it, then send your question again.\n\nThis notice is sent only once."
    )
    links = _SiteLinks(consult_setting("site_url"))
    resend = partial(send_verification_mail, links, account, "")
    if not _notify_once(message, RegistrationInvite.Kind.VERIFY, text, resend):
        return "dropped, unverified account already asked to confirm its address"
    return "asked an unverified account to confirm its address; confirmation link sent again"


def _notify_once(
    message: InboundMessage, kind: str, text: str, also: Callable[[], None] = lambda: None
) -> bool:
    """Send `text` as a reply (and run `also`, another mail) unless this address already had this
    notice; False when it had. A failed send records nothing, so the retry tries again."""
    if RegistrationInvite.objects.filter(address=message.sender, kind=kind).exists():
        return False
    with transaction.atomic():
        RegistrationInvite.objects.create(address=message.sender, kind=kind)
        send_reply(
            to=message.sender,
            subject=message.subject,
            text=text,
            citations=[],
            in_reply_to=message.message_id,
            references=list(message.references),
        )
        also()
    return True
