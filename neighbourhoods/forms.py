from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import ImageFieldFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.forms import VersionedModelForm
from core.safety import SingleLineTextMixin
from core.widgets import FilterableCheckboxes
from neighbourhoods import branding, queries, themes
from neighbourhoods.models import Goal, Municipality, Neighbourhood, Role, RoleDecision, RoleFramework
from neighbourhoods.services import DECISION_META_FIELDS, GOAL_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LinkedLogo(ImageFieldFile):
    """The current logo, linked to its public address: uploads are never served from MEDIA_URL."""

    @property
    def url(self):
        return f"{reverse('neighbourhoods:logo')}?v={self.instance.version}"


class LogoField(forms.ImageField):
    """An image upload judged by `branding.validate_logo` alone (PNG or JPEG by content), not by
    Django's list of every extension Pillow knows."""

    default_validators = []
    default_error_messages = {"invalid_image": branding.NOT_PNG_OR_JPEG}


class MunicipalityForm(VersionedModelForm):
    # Not required: a form posted without it (an older page, a script) keeps the current theme.
    theme = forms.ChoiceField(
        label=_("House style"),
        required=False,
        help_text=_(
            "Colours, type and focus style of every page, from a municipality's NL Design System design tokens."
        ),
    )
    logo = LogoField(
        label=_("Logo"),
        required=False,
        validators=[branding.validate_logo],
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_(
            "PNG or JPEG, at most 1 MB. Shown in the header of every page and on documents, with the name as its text."
        ),
    )

    class Meta:
        model = Municipality
        fields = ["name", "cbs_code", "address", "theme", "logo", "short_term_years", "medium_term_years"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = themes.choices()
        if self.instance.logo:
            logo = self.instance.logo
            self.initial["logo"] = LinkedLogo(self.instance, logo.field, logo.name)
        if self.instance.pk is None:
            self.fields["theme"].initial = themes.DEFAULT

    def clean_theme(self):
        return self.cleaned_data.get("theme") or self.instance.theme or themes.DEFAULT

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):  # a new upload, already validated
            logo.name = branding.stored_name(logo)
        return logo

    def clean(self):
        cleaned = super().clean()
        short, medium = cleaned.get("short_term_years"), cleaned.get("medium_term_years")
        if short and medium and medium <= short:
            self.add_error("medium_term_years", _("The medium term must end later than the short term."))
        return cleaned


class NeighbourhoodFactsForm(VersionedModelForm):
    class Meta:
        model = Neighbourhood
        fields = ["off_gas_from", "off_gas_until", "heat_strategy", "promising_start_area", "wup_status", "wup_date"]
        widgets = {"wup_date": DATE}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("off_gas_from"), cleaned.get("off_gas_until")
        if end and not start:
            self.add_error("off_gas_from", _("Give the first year of the period too."))
        elif start and end and end < start:
            self.add_error("off_gas_until", _("The last year cannot be before the first year."))
        return cleaned


class RoleChoiceMixin:
    """Role fields per active framework: one dominant + others present, or a plain choice."""

    def add_role_fields(self):
        self.frameworks = list(RoleFramework.objects.filter(active=True).prefetch_related("roles"))
        for fw in self.frameworks:
            roles = Role.objects.filter(framework=fw)
            if fw.has_dominant:
                self.fields[f"fw{fw.pk}_dominant"] = forms.ModelChoiceField(
                    roles, required=False, widget=forms.RadioSelect, label=_("Dominant: %(fw)s") % {"fw": fw.label}
                )
            self.fields[f"fw{fw.pk}_roles"] = forms.ModelMultipleChoiceField(
                roles,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=(_("Also present: %(fw)s") if fw.has_dominant else _("Roles: %(fw)s")) % {"fw": fw.label},
            )

    def set_role_initial(self, decision):
        if decision is None:
            return
        roles = list(decision.roles.all())
        dominant = list(decision.dominant_roles.all())
        for fw in self.frameworks:
            if fw.has_dominant:
                self.initial[f"fw{fw.pk}_dominant"] = next((r.pk for r in dominant if r.framework_id == fw.pk), None)
            self.initial[f"fw{fw.pk}_roles"] = [r.pk for r in roles if r.framework_id == fw.pk and r not in dominant]

    def clean_roles(self, cleaned):
        roles, dominant = set(), set()
        for fw in self.frameworks:
            chosen = set(cleaned.get(f"fw{fw.pk}_roles") or [])
            if fw.has_dominant:
                main = cleaned.get(f"fw{fw.pk}_dominant")
                if chosen and main is None:
                    self.add_error(f"fw{fw.pk}_dominant", _("Choose which form is dominant as well."))
                if main is not None:
                    dominant.add(main)
                    chosen.add(main)
            roles |= chosen
        if not roles:
            raise forms.ValidationError(_("Choose at least one role."))
        cleaned["roles"], cleaned["dominant_roles"] = (
            sorted(roles, key=lambda r: r.pk),
            sorted(dominant, key=lambda r: r.pk),
        )
        return cleaned

    def framework_groups(self):
        """For the template: per framework its roles with the bound inputs' state."""
        groups = []
        for fw in self.frameworks:
            dominant_field = self[f"fw{fw.pk}_dominant"] if fw.has_dominant else None
            roles_field = self[f"fw{fw.pk}_roles"]
            dominant_value = str(dominant_field.value() or "") if dominant_field else ""
            chosen = {str(v) for v in (roles_field.value() or [])}
            rows = [
                {"role": r, "dominant": str(r.pk) == dominant_value, "chosen": str(r.pk) in chosen}
                for r in fw.roles.all()
            ]
            groups.append({"framework": fw, "dominant_field": dominant_field, "roles_field": roles_field, "rows": rows})
        return groups


class RoleDecisionForm(RoleChoiceMixin, VersionedModelForm):
    class Meta:
        model = RoleDecision
        fields = DECISION_META_FIELDS
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "room_for_initiatives": forms.RadioSelect,
            "decided_on": DATE,
            "review_date": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_role_fields()
        self.fields["room_for_initiatives"].choices = self.fields["room_for_initiatives"].choices[1:]
        self.set_role_initial(self.instance if self.instance.pk else None)

    def clean(self):
        return self.clean_roles(super().clean())

    def model_values(self) -> dict:
        values = super().model_values()
        values["roles"] = self.cleaned_data["roles"]
        values["dominant_roles"] = self.cleaned_data["dominant_roles"]
        return values


class BulkRoleForm(RoleChoiceMixin, SingleLineTextMixin, forms.ModelForm):
    neighbourhoods = forms.ModelMultipleChoiceField(
        Neighbourhood.objects.none(), widget=FilterableCheckboxes, label=_("Neighbourhoods")
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta(RoleDecisionForm.Meta):
        pass

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_role_fields()
        self.fields["neighbourhoods"].queryset = candidates if candidates is not None else Neighbourhood.objects.all()
        self.fields["room_for_initiatives"].choices = self.fields["room_for_initiatives"].choices[1:]

    def clean(self):
        return self.clean_roles(super().clean())

    def decision_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in DECISION_META_FIELDS}
        values["roles"] = self.cleaned_data["roles"]
        values["dominant_roles"] = self.cleaned_data["dominant_roles"]
        return values


class GoalForm(VersionedModelForm):
    class Meta:
        model = Goal
        fields = [*GOAL_FIELDS, "neighbourhoods"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "target_date": DATE,
            "neighbourhoods": FilterableCheckboxes,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = list(self.initial.get("neighbourhoods") or [])
        self.fields["neighbourhoods"].queryset = queries.choosable(keep=keep)


class GoalProgressForm(SingleLineTextMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    value = forms.DecimalField(label=_("Value reached"), required=False, max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CopyGoalsForm(SingleLineTextMixin, forms.Form):
    targets = forms.ModelMultipleChoiceField(
        Neighbourhood.objects.none(), widget=FilterableCheckboxes, label=_("Copy to")
    )

    def __init__(self, *args, source=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = queries.choosable(kind=source.kind).exclude(pk=source.pk)


class ImportForm(SingleLineTextMixin, forms.Form):
    MAX_BYTES = 20 * 1024 * 1024
    file = forms.FileField(
        label=_("CBS file"),
        help_text=_("GeoPackage (.gpkg), GeoJSON (.geojson, .json) or CSV (.csv) with a header row, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".gpkg,.geojson,.json,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".gpkg", ".geojson", ".json", ".csv")):
            raise forms.ValidationError(_("Choose a GeoPackage (.gpkg), GeoJSON (.geojson, .json) or CSV (.csv) file."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class RoleFrameworkForm(VersionedModelForm):
    url = forms.URLField(label=_("link to the source"), required=False, assume_scheme="https")

    class Meta:
        model = RoleFramework
        fields = ["label", "gloss", "description", "source", "url", "confidence", "active", "has_dominant", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RoleForm(VersionedModelForm):
    class Meta:
        model = Role
        fields = ["label", "gloss", "summary", "order"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
