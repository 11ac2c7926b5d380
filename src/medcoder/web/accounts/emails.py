"""The verification mail sent on registration."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode


def send_verification_mail(request: HttpRequest, user, next_url: str) -> None:
    link = request.build_absolute_uri(
        reverse(
            "accounts:verify",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    if next_url:
        link += "?" + urlencode({"next": next_url})
    body = render_to_string("accounts/verification_email.txt", {"user": user, "link": link})
    send_mail("Confirm your medcoder account", body, settings.DEFAULT_FROM_EMAIL, [user.email])
