import base64
import io
import math

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.display import number
from core.forms import SafiranFormMixin
from core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView

from .filters import UserFilterSet
from .forms import LoginForm, OTPTokenForm, PreferencesForm, TokenCreateForm, UserForm
from .models import ApiToken, User
from .tables import UserTable


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "demo": settings.SAFIRAN_DEMO}


@login_required
@require_POST
def text_size(request):
    """The header's text-size buttons: remembered on the person's account, on every device."""
    from .choices import TextSize

    if request.POST.get("text_size") in TextSize.values:
        request.user.text_size = request.POST["text_size"]
        request.user.save(update_fields=["text_size"])
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    return redirect(target)


def demo_logins(request):
    """The demo accounts, for someone trying `make run` (only in demo mode)."""
    if not settings.SAFIRAN_DEMO:
        raise Http404
    from .demo import demo_users

    return render(request, "registration/demo_logins.html",
                  {"people": demo_users(), "password": settings.SAFIRAN_DEMO_PASSWORD})


class StyledPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            SafiranFormMixin._style(field)
            field.widget.attrs["dir"] = "ltr"


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = StyledPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


def _safe_next(request, default="core:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(default)


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def _throttle_wait(device) -> int:
    """Seconds until the device checks codes again: django-otp waits 1, 2, 4, 8 … seconds
    after each wrong code in a row (the rule of its `verify_is_allowed`)."""
    required = device.get_throttle_factor() * 2 ** (device.throttling_failure_count - 1)
    elapsed = (timezone.now() - device.throttling_failure_timestamp).total_seconds()
    return max(1, math.ceil(required - elapsed))


def passed_second_step(request) -> bool:
    """A browser session (not a token) that passed TOTP when the account has or needs it."""
    user = request.user
    if getattr(request, "api_token", None) is not None:
        return False
    if user.requires_otp or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return user.is_verified()
    return True


def _code_error(device, token) -> str | None:
    """None when the code is right; otherwise what the person should do next."""
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        seconds = _throttle_wait(device)
        if seconds < 60:
            wait = ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": number(seconds)}
        else:
            minutes = math.ceil(seconds / 60)
            wait = ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": number(minutes)}
        return _("After a wrong code the next try waits a little: wait %(wait)s, then enter the newest code.") % {
            "wait": wait
        }
    if device.verify_token(token):
        return None
    return _("That code did not match. Check the phone's time and enter the newest code.")


@login_required
def otp_enrol(request):
    """Set up the authenticator app: scan the code (or type the key), then confirm one code."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(f"{reverse('accounts:otp_verify')}?next={_safe_next(request)}")
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "authenticator"})
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = _code_error(device, form.cleaned_data["token"])
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-step sign-in is set up. You will be asked for a code each time you sign in."))
            return redirect(_safe_next(request))
        form.add_error("token", error)
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "next": _safe_next(request),
    }
    return render(request, "accounts/otp_enrol.html", context)


@login_required
def otp_verify(request):
    user = request.user
    devices = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")
    if not devices.exists():
        return redirect(f"{reverse('accounts:otp_enrol')}?next={_safe_next(request)}")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = devices.first()
        error = _code_error(device, form.cleaned_data["token"])
        if error is None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", error)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
def profile(request):
    user = request.user
    form = PreferencesForm(request.POST or None, instance=user, user=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details were saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "token_form": TokenCreateForm(),
        "tokens": user.api_tokens.all(),
        "new_token": request.session.pop("new_api_token", None),
        "otp_enabled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_create(request):
    if not passed_second_step(request):
        # A token outlives the session: only a session that passed its second step may mint one.
        messages.error(request, _("Confirm your sign-in with the code from your authenticator app before creating a token."))
        return redirect("accounts:profile")
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        _token, key = ApiToken.issue(request.user, form.cleaned_data["name"])
        # Shown once on the next page, never stored in clear.
        request.session["new_api_token"] = key
        messages.success(request, _("Token created. Copy it now: it will not be shown again."))
    else:
        messages.error(request, _("Give the token a name."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.delete()
    messages.success(request, _("The token was revoked; programs using it can no longer connect."))
    return redirect("accounts:profile")


class UserListView(ObjectListView):
    model = User
    table_class = UserTable
    filterset_class = UserFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("province").prefetch_related("areas")


class UserDetailView(ObjectDetailView):
    model = User
    fields = ("username", "first_name", "last_name", "email", "mobile", "role", "province", "areas", "is_active", "last_login", "date_joined")
    masked_fields = {"mobile": "accounts.change_user"}


class EditableUsersMixin:
    """People may edit only accounts whose role they could assign."""

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.request.user.is_superuser else queryset.filter(role__in=self.request.user.assignable_roles)


class UserCreateView(ObjectCreateView):
    model = User
    form_class = UserForm


class UserUpdateView(EditableUsersMixin, ObjectUpdateView):
    model = User
    form_class = UserForm
