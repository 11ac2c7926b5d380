"""Account pages: register, verify email, log in/out, password reset, profile with API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_POST

from medcoder.web.accounts.emails import send_verification_mail
from medcoder.web.accounts.forms import RegistrationForm, ThrottledLoginForm, TokenForm
from medcoder.web.accounts.metering import allowance, user_visitor
from medcoder.web.accounts.models import ApiToken, Profile
from medcoder.web.accounts.tokens import issue_token


def register(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        user = get_user_model().objects.create_user(
            username=email, email=email, password=form.cleaned_data["password"], is_active=False
        )
        Profile.objects.create(user=user)
        send_verification_mail(request, user, next_url)
        return render(request, "accounts/verification_sent.html", {"email": email})
    free_views = settings.MEDCODER_ALLOWANCES["code_page"]["free"]
    return render(
        request, "accounts/register.html", {"form": form, "next": next_url, "free_views": free_views}
    )


def verify(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link from the verification mail: activates the account and signs the person in."""
    user = _user_from_uid(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/verification_failed.html", status=400)
    user.is_active = True
    user.save(update_fields=["is_active"])
    Profile.objects.update_or_create(user=user, defaults={"email_verified": True})
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, "Your email is confirmed and your free account is ready.")
    return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    visitor = user_visitor(request.user)
    context = {
        "plan": visitor.plan,
        "allowances": [allowance(visitor, meter) for meter in settings.MEDCODER_ALLOWANCES],
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
        "token_form": TokenForm(),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        _, secret = issue_token(request.user, form.cleaned_data["name"])
        messages.success(request, f"Your new API token (copy it now, it is shown only once): {secret}")
    return redirect("accounts:profile")


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    ApiToken.objects.filter(user=request.user, pk=token_id).delete()
    messages.info(request, "The token is revoked.")
    return redirect("accounts:profile")


class LoginView(auth_views.LoginView):
    form_class = ThrottledLoginForm
    template_name = "accounts/login.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


def _safe_next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
    return next_url if allowed else ""


def _user_from_uid(uidb64: str):
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return get_user_model().objects.filter(pk=pk).first()
