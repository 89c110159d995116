from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import STAFF_ROLES, User
from core.forms import VersionedModelForm
from neighbourhoods.forms import DATE
from partnerships.models import ContactLogEntry, Initiative

PROFILE_FIELDS = [
    "name",
    "legal_form",
    "email",
    "phone",
    "address",
    "website",
    "neighbourhoods",
    "themes",
    "phase",
    "members",
    "households_reached",
]
STAFF_FIELDS = [*PROFILE_FIELDS, "contact", "deputy", "notes"]


def staff_users():
    return User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("full_name")


class InitiativeForm(VersionedModelForm):
    """Staff edit everything; a coordinator edits the profile (see CoordinatorInitiativeForm)."""

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Initiative
        fields = STAFF_FIELDS
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
        }
        help_texts = {"neighbourhoods": _("Hold Ctrl (or Cmd) to select more than one.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["contact", "deputy"]:
            if name in self.fields:
                self.fields[name].queryset = staff_users()

    def clean(self):
        cleaned = super().clean()
        contact, deputy = cleaned.get("contact"), cleaned.get("deputy")
        if contact and deputy and contact == deputy:
            self.add_error("deputy", _("The deputy must be someone other than the contact person."))
        return cleaned


class CoordinatorInitiativeForm(InitiativeForm):
    class Meta(InitiativeForm.Meta):
        fields = PROFILE_FIELDS


class LogEntryForm(forms.ModelForm):
    class Meta:
        model = ContactLogEntry
        fields = ["date", "kind", "participants", "summary", "visibility"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 4}), "visibility": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A handover entry is written by the handover action only.
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] != ContactLogEntry.Kind.HANDOVER]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the coordinator"))


class HandoverForm(forms.Form):
    from_user = forms.ModelChoiceField(User.objects.none(), label=_("From colleague"))
    to_user = forms.ModelChoiceField(User.objects.none(), label=_("To colleague"))
    note = forms.CharField(
        label=_("Handover note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the new contact should know. It is kept in the log of every file."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_user"].queryset = User.objects.filter(role__in=STAFF_ROLES).order_by("full_name")
        self.fields["to_user"].queryset = staff_users()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from_user") and cleaned.get("from_user") == cleaned.get("to_user"):
            self.add_error("to_user", _("Choose two different colleagues."))
        return cleaned
