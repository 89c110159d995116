from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, FormView, ListView, UpdateView
from django.views.i18n import set_language as django_set_language

from accounts import oidc, password_reset, services, two_factor
from accounts.forms import (
    LoginForm,
    PasswordResetForm,
    ProfileForm,
    TokenForm,
    UserCreateForm,
    UserUpdateForm,
)
from accounts.models import User
from core import events
from core.models import ChangeEntry
from core.views import PermissionRequiredMixin, VersionedUpdateMixin, safe_next_url


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/mail/password_reset.txt"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    form_class = PasswordResetForm

    def form_valid(self, form):
        """The same redirect, at once, whether the address has an account and whether a rate limit
        was reached; finding the account and sending the mail happen after the response has gone
        (accounts/password_reset.py)."""
        if not password_reset.allowed(self.request, form.cleaned_data["email"]):
            return password_reset.RedirectThenRun(self.get_success_url())
        options = {
            "use_https": self.request.is_secure(),
            "token_generator": self.token_generator,
            "from_email": self.from_email,
            "email_template_name": self.email_template_name,
            "subject_template_name": self.subject_template_name,
            "request": self.request,
            "html_email_template_name": self.html_email_template_name,
            "extra_email_context": self.extra_email_context,
        }
        return password_reset.RedirectThenRun(
            self.get_success_url(), after=password_reset.mail_later(form, options, translation.get_language())
        )


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    # Django moves the token from the URL into the session before showing the form.
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_POST
def set_language(request):
    """Switch the language; a logged-in user keeps the choice on their account."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        services.set_language(request.user, request.POST.get("language", ""))
    return response


class ProfileView(LoginRequiredMixin, VersionedUpdateMixin, UpdateView):
    template_name = "accounts/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("accounts:profile")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            two_factor_on=two_factor.has_device(self.request.user),
            two_factor_required=two_factor.required_for(self.request.user),
            signed_in_with_sso=oidc.signed_in_with_sso(self.request),
        )

    def get_object(self, queryset=None):
        return User.objects.get(pk=self.request.user.pk)


class UserListView(PermissionRequiredMixin, ListView):
    template_name = "accounts/user_list.html"
    permission_required = "accounts.manage_users"
    paginate_by = 25
    queryset = User.objects.order_by("full_name", "email")


class UserCreateView(PermissionRequiredMixin, CreateView):
    template_name = "accounts/user_form.html"
    permission_required = "accounts.manage_users"
    form_class = UserCreateForm
    extra_context = {"page_title": gettext_lazy("New account")}

    def form_valid(self, form):
        user = services.create_staff_user(actor=self.request.user, request=self.request, **form.cleaned_data)
        messages.success(
            self.request,
            _("The account for %(email)s has been created; a mail to set a password is on its way.")
            % {"email": user.email},
        )
        return redirect("accounts:user_list")


class UserUpdateView(PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    template_name = "accounts/user_form.html"
    permission_required = "accounts.manage_users"
    form_class = UserUpdateForm
    model = User
    extra_context = {"page_title": gettext_lazy("Edit account")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editor": self.request.user}

    def save_versioned(self, form):
        user, changes = super().save_versioned(form)
        for change in changes:
            if change["field"] == "role":
                events.announce(
                    self.request,
                    "role_changed",
                    obj=user,
                    detail={"old": change["old"], "new": change["new"], "role": user.role},
                )
        return user, changes

    def get_success_url(self):
        return reverse("accounts:user_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, history=ChangeEntry.objects.for_object(self.object)[:20])


def _safe_next(request):
    return safe_next_url(request, reverse("overview:home"))


class TwoFactorVerifyView(LoginRequiredMixin, FormView):
    """The second step of logging in: a code from the app, or a recovery code."""

    template_name = "accounts/two_factor_verify.html"
    form_class = TokenForm

    def form_valid(self, form):
        if two_factor.verify(self.request, form.cleaned_data["token"]):
            return redirect(_safe_next(self.request))
        form.add_error("token", _("This code is not correct (or has been used). Try the current code from your app."))
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, next=self.request.GET.get("next", ""))


class TwoFactorSetupView(LoginRequiredMixin, FormView):
    """Set up an authenticator app: scan the code (or type the key), confirm with a first code."""

    template_name = "accounts/two_factor_setup.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and two_factor.has_device(request.user) and not request.user.is_verified():
            return redirect("accounts:two_factor_verify")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        device = two_factor.pending_device(self.request.user)
        codes = two_factor.confirm(self.request, device, form.cleaned_data["token"])
        if codes is None:
            form.add_error(
                "token", _("This code is not correct. Check the time on your phone and try the current code.")
            )
            return self.form_invalid(form)
        return render(
            self.request, "accounts/two_factor_codes.html", {"codes": codes, "next": _safe_next(self.request)}
        )

    def get_context_data(self, **kwargs):
        device = two_factor.pending_device(self.request.user)
        return super().get_context_data(
            **kwargs,
            qr=mark_safe(two_factor.qr_svg(device)),  # noqa: S308  (SVG made by qrcode from our own URI)
            secret=two_factor.secret_text(device),
            required=two_factor.required_for(self.request.user),
            next=self.request.GET.get("next", ""),
        )


@require_POST
def two_factor_disable(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if two_factor.required_for(request.user):
        messages.error(request, _("Your role requires two-factor authentication; it cannot be switched off."))
    else:
        two_factor.disable(request.user)
        two_factor.remember(request, False)
        messages.success(request, _("Two-factor authentication has been switched off for your account."))
    return redirect("accounts:profile")
