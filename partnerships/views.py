from django.contrib import messages
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, UpdateView

from core.cache import CachedPageMixin, cached
from core.exports import query_string_without_page, table_response
from core.filters import invalid_filter_response
from core.models import ChangeEntry
from core.views import InlineFormMixin, PermissionRequiredMixin, VersionedUpdateMixin
from neighbourhoods.models import Municipality, Neighbourhood
from neighbourhoods.queries import own_area, wijk_choices
from partnerships import invitations, services
from partnerships.filters import NO_CONTACT, InitiativeFilterForm
from partnerships.forms import (
    CoordinatorInitiativeForm,
    CoordinatorLogEntryForm,
    HandoverForm,
    InitiativeForm,
    InvitationForm,
    LogEntryForm,
)
from partnerships.models import ContactLogEntry, CoordinatorAccess, Initiative, Invitation, Partnership, Theme


def filtered_initiatives(params):
    # Through a form: a value the database cannot take (a huge number, a NUL) is left out.
    filters = InitiativeFilterForm(params).valid_data()
    qs = Initiative.objects.select_related("contact", "deputy").prefetch_related("themes", "neighbourhoods")
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(name__icontains=q) | Q(email__icontains=q))
    # Filters across many-to-many relations as `pk IN (...)`, so no DISTINCT is needed: DISTINCT
    # over whole rows made the database sort every initiative for each page.
    if filters.get("thema"):
        qs = qs.filter(pk__in=Initiative.objects.filter(themes__key=filters["thema"]).values("pk"))
    if filters.get("fase") in Initiative.Phase.values:
        qs = qs.filter(phase=filters["fase"])
    if filters.get("buurt"):
        code = filters["buurt"].upper()
        here = Initiative.objects.filter(Q(neighbourhoods__code=code) | Q(neighbourhoods__parent__code=code))
        qs = qs.filter(pk__in=here.values("pk"))
    if filters.get("contact") == NO_CONTACT:
        qs = qs.without_active_contact()
    elif filters.get("contact"):
        qs = qs.filter(Q(contact_id=filters["contact"]) | Q(deputy_id=filters["contact"]))
    return qs.order_by("name")


class InitiativeListView(PermissionRequiredMixin, CachedPageMixin, ListView):
    template_name = "partnerships/initiative_list.html"
    permission_required = "partnerships.list_initiatives"
    paginate_by = 25

    def get_queryset(self):
        # Only the columns the table shows: model instances are built field by field.
        return (
            filtered_initiatives(self.request.GET)
            .select_related(None)
            .select_related("contact")
            .only("name", "phase", "contact__full_name", "contact__email", "contact__is_active")
            .prefetch_related(None)
            .prefetch_related(
                Prefetch("themes", queryset=Theme.objects.only("label")),
                Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("name")),
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            query_string=query_string_without_page(self.request),
            filter_form=InitiativeFilterForm(self.request.GET),
            themes=cached("themes", "", lambda: list(Theme.objects.all())),
            phases=Initiative.Phase.choices,
            # After a national import: the districts of the own municipality fit in a drop-down.
            wijken=wijk_choices(own_area(Municipality.for_request(self.request))),
            without_contact=cached(
                "initiatives_without_contact",
                "",
                lambda: list(Initiative.objects.without_active_contact().only("pk", "name")[:20]),
            ),
        )


class InitiativeExportView(PermissionRequiredMixin, View):
    permission_required = "partnerships.list_initiatives"

    def get(self, request):
        filter_form = InitiativeFilterForm(request.GET)
        if not filter_form.is_valid():
            return invalid_filter_response(request, filter_form, reverse("initiatives:list"))
        header = [
            _("Name"),
            _("Legal form"),
            _("Phase"),
            _("Themes"),
            _("Neighbourhoods"),
            _("Members"),
            _("Households reached"),
            _("Email address"),
            _("Website"),
            _("Contact person"),
            _("Deputy"),
        ]
        rows = (
            [
                i.name,
                i.get_legal_form_display(),
                i.get_phase_display(),
                ", ".join(t.label for t in i.themes.all()),
                ", ".join(n.code for n in i.neighbourhoods.all()),
                i.members or "",
                i.households_reached or "",
                i.email,
                i.website,
                i.contact or "",
                i.deputy or "",
            ]
            for i in filtered_initiatives(request.GET)
        )
        return table_response(request, "initiatieven", header, rows, sheet_title="Initiatieven")


class InitiativeCreateView(PermissionRequiredMixin, FormView):
    template_name = "partnerships/initiative_form.html"
    permission_required = "partnerships.add_initiative"
    form_class = InitiativeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Initiative()}

    def get_initial(self):
        return {"contact": self.request.user.pk}

    def form_valid(self, form):
        initiative = services.create_initiative(actor=self.request.user, values=form.model_values())
        messages.success(self.request, _("The initiative has been added."))
        return redirect("initiatives:detail", initiative.pk)


class InitiativeMixin:
    """Views about one initiative: the permission is checked against that initiative."""

    def get_initiative(self):
        if not hasattr(self, "_initiative"):
            self._initiative = get_object_or_404(Initiative, pk=self.kwargs["pk"])
        return self._initiative

    def get_permission_object(self):
        return self.get_initiative()


class InitiativeDetailView(InitiativeMixin, PermissionRequiredMixin, DetailView):
    template_name = "partnerships/initiative_detail.html"
    permission_required = "partnerships.view_initiative"

    def get_object(self, queryset=None):
        return self.get_initiative()

    def get_context_data(self, **kwargs):
        user = self.request.user
        internal = user.has_perm("partnerships.view_internal")
        log = self.object.log.select_related("author")
        if not internal:
            log = log.filter(visibility=ContactLogEntry.Visibility.SHARED)
        context = {
            "log": log,
            "internal": internal,
            "themes": self.object.themes.all(),
            "neighbourhoods": self.object.neighbourhoods.all(),
            "can_change": user.has_perm("partnerships.change_initiative", self.object),
            "can_manage": user.has_perm("partnerships.manage_initiative", self.object),
            "can_add_log": user.has_perm("partnerships.add_log_entry", self.object),
            "partnership": Partnership.objects.filter(initiative=self.object).first(),
            "can_start": user.has_perm("partnerships.change_partnership"),
        }
        if internal:
            context["invitations"] = self.object.invitations.select_related("invited_by", "accepted_by")
            context["coordinators"] = CoordinatorAccess.objects.filter(
                initiative=self.object, revoked_at__isnull=True
            ).select_related("user")
            context["history"] = ChangeEntry.objects.for_object(self.object)[:20]
            context["log_form"] = LogEntryForm(initial={"visibility": ContactLogEntry.Visibility.INTERNAL})
            context["invitation_form"] = InvitationForm()
        return super().get_context_data(**kwargs, **context)


class InitiativeUpdateView(InitiativeMixin, PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    template_name = "partnerships/initiative_form.html"
    permission_required = "partnerships.change_initiative"

    def get_object(self, queryset=None):
        return self.get_initiative()

    def get_form_class(self):
        # Coordinators edit their initiative's profile, not its municipal contacts or internal notes.
        if self.request.user.has_perm("partnerships.manage_initiative"):
            return InitiativeForm
        return CoordinatorInitiativeForm

    def get_context_data(self, **kwargs):
        kwargs.setdefault("history", [])
        if self.request.user.has_perm("partnerships.view_internal"):
            kwargs["history"] = ChangeEntry.objects.for_object(self.object)[:20]
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return reverse("initiatives:detail", args=[self.object.pk])


class LogEntryCreateView(InlineFormMixin, InitiativeMixin, PermissionRequiredMixin, FormView):
    template_name = "partnerships/log_form.html"
    permission_required = "partnerships.add_log_entry"

    def get_form_class(self):
        # A coordinator's entries are always shared with both sides (services.add_log_entry).
        return LogEntryForm if self.request.user.has_perm("partnerships.view_internal") else CoordinatorLogEntryForm

    def inline_refresh(self):
        return "contactlog-sectie"

    def inline_page_url(self):
        return reverse("initiatives:detail", args=[self.get_initiative().pk])

    def form_valid(self, form):
        services.add_log_entry(self.get_initiative(), actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The entry has been added to the contact log."))
        return redirect("initiatives:detail", self.get_initiative().pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, initiative=self.get_initiative(), page_title=_("New contact log entry")
        )


class InvitationCreateView(InitiativeMixin, PermissionRequiredMixin, FormView):
    template_name = "partnerships/invitation_form.html"
    permission_required = "partnerships.manage_initiative"
    form_class = InvitationForm

    def form_valid(self, form):
        invitation = invitations.invite_coordinator(
            self.get_initiative(), email=form.cleaned_data["email"], actor=self.request.user, request=self.request
        )
        invitations.announce(self.request, "invitation_sent", invitation)
        messages.success(self.request, _("An invitation has been sent to %(email)s.") % {"email": invitation.email})
        return redirect("initiatives:detail", self.get_initiative().pk)

    def get_context_data(self, **kwargs):
        from django.conf import settings

        return super().get_context_data(
            **kwargs, initiative=self.get_initiative(), invitation_hours=settings.INVITATION_VALID_HOURS
        )


class InvitationActionView(PermissionRequiredMixin, View):
    """Resend or revoke an invitation (POST only)."""

    permission_required = "partnerships.manage_initiative"
    action = "resend"

    def get_permission_object(self):
        self.invitation = get_object_or_404(Invitation.objects.select_related("initiative"), pk=self.kwargs["pk"])
        return self.invitation.initiative

    def post(self, request, pk):
        try:
            if self.action == "revoke":
                invitations.revoke_invitation(self.invitation, actor=request.user)
                invitations.announce(request, "invitation_revoked", self.invitation)
                messages.success(request, _("The invitation has been revoked and access withdrawn."))
            else:
                invitations.resend_invitation(self.invitation, actor=request.user, request=request)
                invitations.announce(request, "invitation_sent", self.invitation, resent=True)
                messages.success(request, _("The invitation has been sent again with a new link."))
        except invitations.InvitationError as error:
            messages.error(request, str(error))
        return redirect("initiatives:detail", self.invitation.initiative_id)


class MyInitiativesView(PermissionRequiredMixin, ListView):
    """A coordinator's start page: their own initiative(s)."""

    template_name = "partnerships/my_initiatives.html"
    permission_required = "partnerships.view_own_initiatives"

    def get_queryset(self):
        return Initiative.objects.filter(
            coordinator_access__user=self.request.user, coordinator_access__revoked_at__isnull=True
        ).order_by("name")

    def get(self, request, *args, **kwargs):
        initiatives = list(self.get_queryset())
        if len(initiatives) == 1:
            return redirect("initiatives:detail", initiatives[0].pk)
        self.object_list = initiatives
        return self.render_to_response(self.get_context_data())


class HandoverView(PermissionRequiredMixin, FormView):
    template_name = "partnerships/handover_form.html"
    permission_required = "partnerships.handover"
    form_class = HandoverForm

    def get_initial(self):
        return {"from_user": self.request.GET.get("van")}

    def form_valid(self, form):
        data = form.cleaned_data
        files = list(services.files_of(data["from_user"]).order_by("name"))
        if not self.request.POST.get("confirmed"):
            return self.render_to_response(self.get_context_data(form=form, confirm=True, files=files))
        try:
            moved = services.hand_over(
                from_user=data["from_user"], to_user=data["to_user"], note=data["note"], actor=self.request.user
            )
        except services.HandoverError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(count)s files have been handed over to %(to)s.") % {"count": len(moved), "to": data["to_user"]},
        )
        return redirect("initiatives:list")
