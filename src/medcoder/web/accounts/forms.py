"""Forms for registering, logging in (rate limited) and naming an API token."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from medcoder.web.accounts.metering import client_address
from medcoder.web.accounts.throttle import clear_login_failures, logins_blocked, record_login_failure


class RegistrationForm(forms.Form):
    email = forms.EmailField(max_length=150, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(username=email).exists():
            raise ValidationError("An account with this email exists already. Log in or reset the password.")
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        if "email" in cleaned and "password" in cleaned:
            user = get_user_model()(username=cleaned["email"], email=cleaned["email"])
            password_validation.validate_password(cleaned["password"], user)
        return cleaned


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form, refusing further attempts after too many failures from one address."""

    username = forms.CharField(
        label="Email",
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean(self) -> dict:
        address = client_address(self.request)
        username = (self.data.get("username") or "").strip().lower()
        if logins_blocked(address, username):
            raise ValidationError("Too many failed attempts. Wait a few minutes or reset your password.")
        self.cleaned_data["username"] = username
        try:
            cleaned = super().clean()
        except ValidationError:
            record_login_failure(address, username)
            raise
        clear_login_failures(address, username)
        return cleaned


class TokenForm(forms.Form):
    name = forms.CharField(max_length=60, required=False, help_text="What the token is for")
