import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.db.models import F, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, UpdateView

from core.cache import CachedBodyMixin, CachedPageMixin, cached, reading
from core.exports import query_string_without_page, table_response
from core.filters import invalid_filter_response
from core.models import ChangeEntry
from core.views import PermissionRequiredMixin, VersionedUpdateMixin, safe_next_url
from neighbourhoods import branding, cbs_facts, figures, queries, services
from neighbourhoods.filters import NeighbourhoodFilterForm
from neighbourhoods.forms import (
    BulkRoleForm,
    CopyGoalsForm,
    GoalForm,
    GoalProgressForm,
    ImportForm,
    MunicipalityForm,
    NeighbourhoodFactsForm,
    RoleDecisionForm,
    RoleForm,
    RoleFrameworkForm,
)
from neighbourhoods.importing import ImportFailed, import_file
from neighbourhoods.models import (
    GEMEENTE_CODE_RE,
    Goal,
    Municipality,
    Neighbourhood,
    Role,
    RoleDecision,
    RoleFramework,
)
from policies.models import PolicyVersion

SORTS = {
    "code": "code",
    "-code": "-code",
    "name": "name",
    "-name": "-name",
    "inhabitants": "inhabitants",
    "-inhabitants": "-inhabitants",
    "off_gas": "off_gas_from",
    "-off_gas": "-off_gas_from",
}


class NeighbourhoodMixin:
    def get_neighbourhood(self):
        if not hasattr(self, "_neighbourhood"):
            self._neighbourhood = get_object_or_404(
                Neighbourhood.objects.select_related("parent"), code=self.kwargs["code"]
            )
        return self._neighbourhood

    def get_permission_object(self):
        return self.get_neighbourhood()


class MunicipalityView(PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    """Create the municipality profile the first time, edit it afterwards."""

    template_name = "neighbourhoods/municipality_form.html"
    permission_required = "neighbourhoods.change_municipality"
    form_class = MunicipalityForm
    success_url = reverse_lazy("neighbourhoods:municipality")

    def get_object(self, queryset=None):
        return Municipality.current()

    def form_valid(self, form):
        if self.object is None:
            services.create_municipality(actor=self.request.user, values=form.model_values())
            messages.success(self.request, _("The municipality profile has been saved."))
            return redirect(self.success_url)
        return super().form_valid(form)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object or Municipality()
        return kwargs

    def get_context_data(self, **kwargs):
        entries = ChangeEntry.objects.for_object(self.object)[:20] if self.object else []
        return super().get_context_data(**kwargs, history=entries)


class LogoView(View):
    """The municipality's logo for the header of every page, the login page's too: public, as on
    every letter the municipality sends. Only a PNG or JPEG is served, with its own content type.

    The header links it with `?v=<version of the profile>`, so a new logo gets a new address and
    browsers may keep this one for a day."""

    def get(self, request):
        logo = branding.read_logo(Municipality.for_request(request))
        if logo is None:
            raise Http404
        data, content_type = logo
        response = HttpResponse(data, content_type=content_type)
        response["Cache-Control"] = "public, max-age=86400"
        return response


ALL_MUNICIPALITIES = "alle"


@dataclass
class Area:
    """Which municipality's neighbourhoods the list shows. With a national CBS import the data
    holds every municipality: the list starts with the installation's own (`?gemeente=alle` for
    all of them, `?gemeente=GM0363` for another)."""

    code: str | None  # None: every municipality
    own: str | None  # the installation's own code, when the data holds its neighbourhoods
    several: bool  # whether the data holds other municipalities too (then the form offers a choice)

    @classmethod
    def for_request(cls, request):
        own = queries.own_area(Municipality.for_request(request))
        several = own is not None and cached(
            "several_municipalities", own, lambda: Neighbourhood.objects.exclude(municipality_code=own).exists()
        )
        requested = request.GET.get("gemeente", "").strip().upper()
        if requested == ALL_MUNICIPALITIES.upper():
            code = None
        elif re.fullmatch(GEMEENTE_CODE_RE, requested):
            code = requested
        else:
            code = own
        return cls(code=code, own=own, several=several or code != own)


def filtered_neighbourhoods(params, area_code=None):
    """The list's queryset for the GET parameters and area; the CSV export uses the same."""
    # Through a form: a value the database cannot take (a huge number, a NUL) is left out.
    filters = NeighbourhoodFilterForm(params).valid_data()
    qs = queries.in_area(queries.with_roles(Neighbourhood.objects.all()), area_code)
    query = filters.get("q")
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(code__icontains=query.upper()))
    if filters.get("wijk"):
        wijk = filters["wijk"].upper()
        qs = qs.filter(Q(code=wijk) | Q(parent__code=wijk))
    if filters.get("soort") in {"wijk", "buurt"}:
        qs = qs.filter(kind=filters["soort"])
    if filters.get("warmte"):
        qs = qs.filter(heat_strategy="" if filters["warmte"] == "leeg" else filters["warmte"])
    if filters.get("rol"):
        role = Role.objects.filter(pk=filters["rol"]).first()
        if role is not None:
            qs = qs.filter(queries.role_filter(role))
    if filters.get("stap"):
        qs = qs.filter(queries.step_filter(filters["stap"], area_code))
    if filters.get("feit"):
        qs = qs.annotate(fact_value=figures.latest_value(filters["feit"]))
        if filters.get("feit_van") is not None:
            qs = qs.filter(fact_value__gte=filters["feit_van"])
        if filters.get("feit_tot") is not None:
            qs = qs.filter(fact_value__lte=filters["feit_tot"])
        if filters.get("sort") in {"feit", "-feit"}:
            value = F("fact_value")
            order = value.desc(nulls_last=True) if filters["sort"] == "-feit" else value.asc(nulls_last=True)
            return qs.order_by(order, "code")
    return qs.order_by(SORTS.get(filters.get("sort"), "code"), "code")


class NeighbourhoodListView(PermissionRequiredMixin, CachedPageMixin, ListView):
    template_name = "neighbourhoods/neighbourhood_list.html"
    permission_required = "neighbourhoods.view_neighbourhood"
    paginate_by = 50

    def get_queryset(self):
        self.area = Area.for_request(self.request)
        return filtered_neighbourhoods(self.request.GET, self.area.code)

    def page_cache_key(self):
        return self.area.code

    def prepare_rows(self, rows):
        queries.add_progress(rows)
        for n in rows:
            n.decision, n.inherited = queries.effective_decision(n)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {
            **context,
            "query_string": query_string_without_page(self.request),
            "filter_form": NeighbourhoodFilterForm(self.request.GET),
            "area": self.area,
            "all_municipalities": ALL_MUNICIPALITIES,
            "wijken": queries.wijk_choices(self.area.code),
            "roles": cached(
                "active_roles",
                "",
                lambda: list(Role.objects.filter(framework__active=True).select_related("framework")),
            ),
            "heat_strategies": Neighbourhood.HeatStrategy.choices,
            "sort": self.request.GET.get("sort", "code"),
            "facts": cbs_facts.FACTS,
            "chosen_fact": cbs_facts.BY_KEY.get(self.request.GET.get("feit", "")),
        }


class NeighbourhoodExportView(PermissionRequiredMixin, View):
    permission_required = "neighbourhoods.view_neighbourhood"

    def get(self, request, *args, **kwargs):
        filter_form = NeighbourhoodFilterForm(request.GET)
        if not filter_form.is_valid():
            return invalid_filter_response(request, filter_form, reverse("neighbourhoods:list"))
        header = [
            _("CBS code"),
            _("Name"),
            _("Kind"),
            _("District (wijk)"),
            _("Inhabitants"),
            _("Heat strategy"),
            _("Off natural gas"),
            _("Roles"),
            _("Role inherited"),
            _("Step 1"),
            _("Step 2"),
            _("Goals"),
            *(f"{f.label} ({f.unit})" if f.unit else str(f.label) for f in cbs_facts.FACTS),
            _("Year of the CBS figures"),
            _("Source of the CBS figures"),
        ]
        neighbourhoods = queries.with_progress(filtered_neighbourhoods(request.GET, Area.for_request(request).code))
        rows = map(self.row, neighbourhoods.prefetch_related("goals", figures.prefetch_facts()).iterator(500))
        return table_response(request, "buurten", header, rows, sheet_title="Buurten")

    @staticmethod
    def row(n):
        decision, inherited = queries.effective_decision(n)
        return [
            n.code,
            n.name,
            n.get_kind_display(),
            n.parent.code if n.parent else "",
            n.inhabitants or "",
            n.get_heat_strategy_display(),
            n.off_gas_period,
            ", ".join(r.label for r in decision.roles.all()) if decision else "",
            _("yes") if inherited else "",
            _("done") if n.step1_done else _("open"),
            _("done") if n.step2_done else _("open"),
            "; ".join(f"{g.get_horizon_display()}: {g.title}" for g in n.goals.all()),
            *NeighbourhoodExportView.fact_cells(n.facts.all()),
        ]

    @staticmethod
    def fact_cells(facts):
        """The latest year's figures: numbers as numbers, a special value as its phrase."""
        latest = {s.fact.key: s for s in figures.shown(facts)}
        cells = []
        for definition in cbs_facts.FACTS:
            item = latest.get(definition.key)
            cells.append("" if item is None else item.value if item.value is not None else item.text)
        return [*cells, ", ".join(str(y) for y in figures.years(facts)), "; ".join(figures.sources(facts))]


class NeighbourhoodDetailView(PermissionRequiredMixin, CachedBodyMixin, DetailView):
    """The page's HTML is cached as well (core.cache.CachedBodyMixin)."""

    template_name = "neighbourhoods/neighbourhood_detail.html"
    body_template = "neighbourhoods/includes/neighbourhood_detail_body.html"

    def body_depends_on_tables(self):
        self.get_object()
        return self._page_tables  # what the page's data was read from

    def outer_context(self):
        return {"object": self.get_object()}

    permission_required = "neighbourhoods.view_neighbourhood"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return queries.with_roles(Neighbourhood.objects.all())

    def get_object(self, queryset=None):
        # The neighbourhood and everything the page shows about it, cached until a table it read
        # is written (core.cache); per language, as the figures are formatted text.
        if queryset is not None:
            return super().get_object(queryset)
        if not hasattr(self, "_page"):
            code = self.kwargs[self.slug_url_kwarg]
            with reading() as self._page_tables:
                self._page = cached("neighbourhood_page", (code, get_language()), lambda: self.page_data(code))
        return self._page["object"]

    def page_data(self, code) -> dict:
        n = get_object_or_404(self.get_queryset(), code=code)
        decision, inherited = queries.effective_decision(n)
        goals = list(n.goals.prefetch_related("progress", "neighbourhoods").order_by("title"))
        # The steps from what is loaded anyway, instead of with_progress's five subqueries.
        own_role = decision is not None and not inherited
        queries.set_progress(n, own_role=own_role, inherited_role=inherited, horizons={g.horizon for g in goals})
        by_horizon = [
            {"key": key, "label": label, "goals": [g for g in goals if g.horizon == key]}
            for key, label in Goal.Horizon.choices
        ]
        history = list(ChangeEntry.objects.for_objects(n, queries.decision_of(n)).order_by("-at", "-pk")[:20])
        return {
            "object": n,
            "decision": decision,
            "inherited": inherited,
            "horizons": by_horizon,
            "buurten": list(n.buurten.order_by("code")) if n.kind == Neighbourhood.Kind.WIJK else [],
            "initiatives": list(n.initiatives.order_by("name")),
            "history": history,
            "policy": PolicyVersion.objects.current(),
            "figures": figures.table(n.facts.order_by("year")),
        }

    def get_context_data(self, **kwargs):
        self.get_object()
        page = {k: v for k, v in self._page.items() if k != "object"}
        return super().get_context_data(**kwargs, **page, municipality=Municipality.for_request(self.request))


class NeighbourhoodFactsView(NeighbourhoodMixin, PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    template_name = "neighbourhoods/facts_form.html"
    permission_required = "neighbourhoods.change_neighbourhood"
    form_class = NeighbourhoodFactsForm

    def get_object(self, queryset=None):
        return self.get_neighbourhood()

    def get_success_url(self):
        return reverse("neighbourhoods:detail", args=[self.object.code])


class RoleDecisionView(NeighbourhoodMixin, PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    """Step 1 for one neighbourhood."""

    template_name = "neighbourhoods/role_form.html"
    permission_required = "neighbourhoods.change_neighbourhood"
    form_class = RoleDecisionForm

    def get_object(self, queryset=None):
        return queries.decision_of(self.get_neighbourhood())

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object or RoleDecision(neighbourhood=self.get_neighbourhood())
        return kwargs

    def form_valid(self, form):
        if self.object is None:
            services.set_role_decision(self.get_neighbourhood(), actor=self.request.user, values=form.model_values())
            messages.success(self.request, _("The role has been saved."))
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("neighbourhoods:detail", args=[self.get_neighbourhood().code])

    def get_context_data(self, **kwargs):
        n = self.get_neighbourhood()
        inherited = queries.decision_of(n.parent) if n.parent else None
        items, more = figures.key_figures([n])
        return super().get_context_data(
            **kwargs, neighbourhood=n, parent_decision=inherited, key_figures=items, key_figures_more=more
        )


class BulkRoleView(PermissionRequiredMixin, FormView):
    """Step 1 for many neighbourhoods at once, with a confirmation step."""

    template_name = "neighbourhoods/bulk_role_form.html"
    permission_required = "neighbourhoods.change_neighbourhood"
    form_class = BulkRoleForm

    def area(self):
        """The own municipality after a national import (not 17,000 checkboxes), else all."""
        if not hasattr(self, "_area"):
            self._area = queries.own_area(Municipality.for_request(self.request))
        return self._area

    def candidates(self):
        qs = Neighbourhood.objects.select_related("parent").defer("parent__geometry").order_by("code")
        # Through the list's filter form: a value the database cannot take (a NUL) is left out.
        wijk = (self.request.GET.get("wijk") or self.request.POST.get("wijk") or "").strip()
        wijk = (NeighbourhoodFilterForm({"wijk": wijk}).valid_data().get("wijk") or "").upper()
        if wijk:
            return qs.filter(Q(code=wijk) | Q(parent__code=wijk))
        return queries.in_area(qs, self.area())

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "candidates": self.candidates()}
        kwargs["instance"] = RoleDecision()
        return kwargs

    def form_valid(self, form):
        targets = list(form.cleaned_data["neighbourhoods"])
        if not self.request.POST.get("confirmed"):
            existing = [n for n in targets if queries.decision_of(n) is not None]
            skip = {"csrfmiddlewaretoken", "neighbourhoods", "confirmed", "wijk"}
            carry = [(k, v) for k in self.request.POST for v in self.request.POST.getlist(k) if k not in skip]
            return self.render_to_response(
                self.get_context_data(form=form, confirm=True, targets=targets, existing=existing, carry=carry)
            )
        count = services.set_role_decisions_in_bulk(targets, actor=self.request.user, values=form.decision_values())
        messages.success(self.request, _("The role has been set for %(count)s neighbourhoods.") % {"count": count})
        return redirect("neighbourhoods:list")

    def get_context_data(self, **kwargs):
        filter_form = NeighbourhoodFilterForm({"wijk": self.request.GET.get("wijk", "")})
        filter_form.fields["wijk"].widget.attrs["id"] = "bulk-wijk"
        return super().get_context_data(
            **kwargs,
            wijken=queries.wijk_choices(self.area()),
            wijk=self.request.GET.get("wijk", ""),
            filter_form=filter_form,
        )


class GoalCreateView(NeighbourhoodMixin, PermissionRequiredMixin, FormView):
    template_name = "neighbourhoods/goal_form.html"
    permission_required = "neighbourhoods.change_neighbourhood"
    form_class = GoalForm

    def get_initial(self):
        horizon = self.request.GET.get("horizon")
        return {
            "neighbourhoods": [self.get_neighbourhood()],
            "horizon": horizon if horizon in Goal.Horizon.values else None,
        }

    def form_valid(self, form):
        services.create_goal(actor=self.request.user, values=form.model_values())
        messages.success(self.request, _("The goal has been added."))
        return redirect("neighbourhoods:detail", self.get_neighbourhood().code)

    def get_context_data(self, **kwargs):
        items, more = figures.key_figures(_chosen(kwargs.get("form"), [self.get_neighbourhood()]))
        return super().get_context_data(
            **kwargs, neighbourhood=self.get_neighbourhood(), key_figures=items, key_figures_more=more
        )


def _chosen(form, default):
    """The neighbourhoods chosen in a goal form: what was submitted, else the initial ones."""
    if form is not None and form.is_bound and form.is_valid():
        return list(form.cleaned_data.get("neighbourhoods") or default)
    return default


class GoalUpdateView(PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    template_name = "neighbourhoods/goal_form.html"
    permission_required = "neighbourhoods.change_neighbourhood"
    form_class = GoalForm
    model = Goal

    def get_success_url(self):
        return safe_next_url(self.request, reverse("neighbourhoods:list"))

    def get_context_data(self, **kwargs):
        items, more = figures.key_figures(_chosen(kwargs.get("form"), self.object.neighbourhoods.order_by("code")))
        return super().get_context_data(
            **kwargs,
            history=ChangeEntry.objects.for_object(self.object)[:20],
            progress_form=GoalProgressForm(),
            key_figures=items,
            key_figures_more=more,
        )


class GoalProgressView(PermissionRequiredMixin, FormView):
    permission_required = "neighbourhoods.change_neighbourhood"
    form_class = GoalProgressForm
    template_name = "neighbourhoods/goal_progress_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.goal = get_object_or_404(Goal, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        services.add_goal_progress(self.goal, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The progress update has been saved."))
        return redirect("neighbourhoods:goal_update", self.goal.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, goal=self.goal)


class CopyGoalsView(NeighbourhoodMixin, PermissionRequiredMixin, FormView):
    template_name = "neighbourhoods/copy_goals_form.html"
    permission_required = "neighbourhoods.change_neighbourhood"
    form_class = CopyGoalsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "source": self.get_neighbourhood()}

    def form_valid(self, form):
        goals = list(self.get_neighbourhood().goals.all())
        count = services.copy_goals(goals, list(form.cleaned_data["targets"]), actor=self.request.user)
        messages.success(self.request, _("%(count)s goals have been copied.") % {"count": count})
        return redirect("neighbourhoods:detail", self.get_neighbourhood().code)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, neighbourhood=self.get_neighbourhood(), goals=self.get_neighbourhood().goals.all()
        )


IMPORT_DIR = Path(settings.MEDIA_ROOT) / "imports"
SESSION_KEY = "neighbourhood_import"


class ImportView(PermissionRequiredMixin, FormView):
    """Upload a CBS file, see the dry-run summary and errors, then confirm."""

    template_name = "neighbourhoods/import_form.html"
    permission_required = "neighbourhoods.import_neighbourhoods"
    form_class = ImportForm

    def get_context_data(self, **kwargs):
        municipality = Municipality.for_request(self.request)
        return super().get_context_data(**kwargs, municipality_code=municipality.cbs_code if municipality else "")

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            summary = import_file(upload.name, data, dry_run=True, actor=self.request.user)
        except ImportFailed as failure:
            return self.render_to_response(self.get_context_data(form=form, errors=failure.errors))
        # Keep the checked file on the server (not in the session, which may be small) until confirmed.
        IMPORT_DIR.mkdir(parents=True, exist_ok=True)
        token = uuid.uuid4().hex
        (IMPORT_DIR / token).write_bytes(data)
        self.request.session[SESSION_KEY] = {"token": token, "name": upload.name}
        return self.render_to_response(self.get_context_data(form=form, summary=summary, filename=upload.name))


class ImportConfirmView(PermissionRequiredMixin, FormView):
    permission_required = "neighbourhoods.import_neighbourhoods"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pending = request.session.pop(SESSION_KEY, None)
        path = IMPORT_DIR / pending["token"] if pending else None
        if path is None or not path.exists():
            messages.error(request, _("There is no checked file to import. Upload it again."))
            return redirect("neighbourhoods:import")
        try:
            summary = import_file(pending["name"], path.read_bytes(), actor=request.user)
        except ImportFailed as failure:
            messages.error(request, _("Nothing was imported: %(error)s") % {"error": failure.errors[0]})
            return redirect("neighbourhoods:import")
        finally:
            path.unlink(missing_ok=True)
        messages.success(request, _("Import done: %(summary)s") % {"summary": summary.line()})
        return redirect("neighbourhoods:list")


class FrameworkListView(PermissionRequiredMixin, ListView):
    template_name = "neighbourhoods/framework_list.html"
    permission_required = "neighbourhoods.view_neighbourhood"
    queryset = RoleFramework.objects.prefetch_related("roles")


class ReferenceEditMixin(PermissionRequiredMixin, VersionedUpdateMixin):
    """Add or edit reference data (frameworks, roles): a new item gets a unique key from its label."""

    template_name = "neighbourhoods/reference_form.html"
    permission_required = "neighbourhoods.change_reference_data"
    success_url = reverse_lazy("neighbourhoods:frameworks")
    created_message = ""

    def new_instance(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object or self.new_instance()
        return kwargs

    def form_valid(self, form):
        if self.object is not None:
            return super().form_valid(form)
        instance = self.new_instance()
        values = {**form.model_values(), **{f: getattr(instance, f) for f in self.parent_fields}}
        siblings = self.model.objects.filter(**{f: values[f] for f in self.parent_fields})
        values["key"] = _unique_key(siblings, values["label"])
        services.create_with_history(self.model, actor=self.request.user, values=values)
        messages.success(self.request, self.created_message)
        return redirect(self.success_url)


class FrameworkUpdateView(ReferenceEditMixin, UpdateView):
    form_class = RoleFrameworkForm
    model = RoleFramework
    parent_fields = []
    created_message = gettext_lazy("The framework has been added.")

    def get_object(self, queryset=None):
        return super().get_object(queryset) if "pk" in self.kwargs else None

    def new_instance(self):
        return RoleFramework()


class RoleUpdateView(ReferenceEditMixin, UpdateView):
    form_class = RoleForm
    model = Role
    parent_fields = ["framework"]
    created_message = gettext_lazy("The role has been added.")

    def get_object(self, queryset=None):
        if "framework" in self.kwargs:
            self.framework = get_object_or_404(RoleFramework, pk=self.kwargs["framework"])
            return None
        return super().get_object(queryset)

    def new_instance(self):
        return Role(framework=self.framework)


def _unique_key(queryset, label):
    base = slugify(label)[:50] or "item"
    key, n = base, 2
    while queryset.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    if not key:
        raise Http404
    return key
