"""The invitation link and the page where an invited coordinator accepts (no login needed yet)."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import FormView

from accounts.auth import normalise_email
from accounts.forms import AcceptInvitationForm
from accounts.models import User
from partnerships import invitations

INVITATION_SESSION_KEY = "invitation_token_hash"


def invitation_link(request, token):
    """The link from the mail: check the token, keep the invitation in the session, drop the token from the URL."""
    try:
        invitation = invitations.usable_invitation(token=token)
    except invitations.InvitationError as error:
        return render(request, "partnerships/invitation_invalid.html", {"reason": str(error)}, status=410)
    request.session[INVITATION_SESSION_KEY] = invitation.token_hash
    return redirect("invitations:accept")


class InvitationAcceptView(FormView):
    template_name = "partnerships/invitation_accept.html"
    form_class = AcceptInvitationForm

    def dispatch(self, request, *args, **kwargs):
        token_hash = request.session.get(INVITATION_SESSION_KEY)
        try:
            self.invitation = invitations.usable_invitation(token_hash=token_hash) if token_hash else None
        except invitations.InvitationError as error:
            request.session.pop(INVITATION_SESSION_KEY, None)
            return render(request, "partnerships/invitation_invalid.html", {"reason": str(error)}, status=410)
        if self.invitation is None:
            return render(
                request,
                "partnerships/invitation_invalid.html",
                {"reason": _("Open the invitation link from your mail first.")},
                status=410,
            )
        self.existing = User.objects.filter(email=normalise_email(self.invitation.email)).exists()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "email": self.invitation.email}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            **kwargs,
            invitation=self.invitation,
            existing=self.existing,
            wrong_user=user.is_authenticated and normalise_email(user.email) != normalise_email(self.invitation.email),
        )

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # An existing account links the initiative, after logging in with the invited address.
            try:
                invitations.accept_invitation(self.invitation, user=request.user)
            except invitations.InvitationError as error:
                messages.error(request, str(error))
                return self.render_to_response(self.get_context_data())
            return self.accepted(request.user)
        if self.existing:
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            user = invitations.accept_invitation(
                self.invitation, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
            )
        except invitations.InvitationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        login(self.request, user, backend="accounts.backends.EmailBackend")
        return self.accepted(user)

    def accepted(self, user):
        invitations.announce(self.request, "invitation_accepted", self.invitation, actor=user)
        self.request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(
            self.request, _("Welcome! You now have access to %(name)s.") % {"name": self.invitation.initiative.name}
        )
        return redirect("initiatives:detail", self.invitation.initiative_id)
