from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.auth import validate_plain_email
from accounts.models import STAFF_ROLES, User
from core.forms import VersionedModelForm
from core.safety import SingleLineTextMixin
from core.widgets import FilterableCheckboxes
from neighbourhoods.forms import DATE
from neighbourhoods.models import Goal
from neighbourhoods.queries import choosable
from partnerships.models import Activity, ContactLogEntry, Conversation, Initiative, Need, SharedGoal
from partnerships.reference_data import LEVEL_CHOICES
from partnerships.services import people_for_activities

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
STAFF_FIELDS = [*PROFILE_FIELDS, "contact", "deputy", "notes", "open_data"]


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
            "neighbourhoods": FilterableCheckboxes,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["contact", "deputy"]:
            if name in self.fields:
                self.fields[name].queryset = staff_users()
        self.fields["neighbourhoods"].queryset = choosable(keep=self.initial.get("neighbourhoods") or [])

    def clean(self):
        cleaned = super().clean()
        contact, deputy = cleaned.get("contact"), cleaned.get("deputy")
        if contact and deputy and contact == deputy:
            self.add_error("deputy", _("The deputy must be someone other than the contact person."))
        return cleaned


class CoordinatorInitiativeForm(InitiativeForm):
    class Meta(InitiativeForm.Meta):
        fields = PROFILE_FIELDS


class LogEntryForm(SingleLineTextMixin, forms.ModelForm):
    class Meta:
        model = ContactLogEntry
        fields = ["date", "kind", "participants", "summary", "visibility"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 4}), "visibility": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A handover entry is written by the handover action only.
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] != ContactLogEntry.Kind.HANDOVER]


class CoordinatorLogEntryForm(LogEntryForm):
    """A coordinator's entry in their initiative's contact log: always shared with both sides."""

    class Meta(LogEntryForm.Meta):
        fields = ["date", "kind", "participants", "summary"]


class InvitationForm(SingleLineTextMixin, forms.Form):
    # The address becomes the coordinator's login: only a plain one (accounts.auth).
    email = forms.EmailField(label=_("Email address of the coordinator"), validators=[validate_plain_email])


class HandoverForm(SingleLineTextMixin, forms.Form):
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


# --- The partnership ------------------------------------------------------------------------

YES_NO = [(True, _("yes")), (False, _("no"))]


def yes_no(label):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda v: v in (True, "True"), widget=forms.RadioSelect
    )


class StartPartnershipForm(SingleLineTextMixin, forms.Form):
    neighbourhoods = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Neighbourhoods of the partnership"),
        widget=FilterableCheckboxes,
    )
    start_reason = forms.CharField(
        label=_("Reason to start before steps 1 to 3 are done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, steps_complete=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = choosable(keep=self.initial.get("neighbourhoods") or [])
        self.steps_complete = steps_complete


class StatusForm(SingleLineTextMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), widget=forms.Select(attrs={"class": "form-select"}))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices


class StopTogetherForm(SingleLineTextMixin, forms.Form):
    """Staff record a stop that both sides agreed outside the app (in a meeting, by mail)."""

    agreed_outside = forms.CharField(
        label=_("Agreed outside the app: with whom and when?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: “In the meeting of 3 March with the board of the initiative”. "
            "Kept in the history. To stop together in the app, propose it on the partnership page instead."
        ),
    )
    stop_reasons = forms.CharField(
        label=_("Why are you stopping together?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stopping the search because the parties are too far apart is a legitimate outcome."),
    )
    stop_agreed_by = forms.CharField(label=_("Agreed by (names of both sides)"), max_length=300)
    stop_date = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StopProposalForm(SingleLineTextMixin, forms.Form):
    reasons = forms.CharField(
        label=_("Why do you propose to stop together?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The other side confirms or answers; only then is the partnership stopped."),
    )


class StopAnswerForm(SingleLineTextMixin, forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 3}))


class StopConfirmForm(SingleLineTextMixin, forms.Form):
    answer = forms.CharField(
        label=_("A note with your confirmation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(SingleLineTextMixin, forms.Form):
    note = forms.CharField(label=_("Why does the search start again?"), widget=forms.Textarea(attrs={"rows": 3}))


class ConversationForm(VersionedModelForm):
    class Meta:
        model = Conversation
        fields = ["date", "participants", "summary", "internal_notes", "outcome"]
        widgets = {
            "date": DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }


class NeedForm(VersionedModelForm):
    class Meta:
        model = Need
        fields = ["direction", "category", "description", "met"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "direction": forms.RadioSelect}


class CoordinatorNeedForm(NeedForm):
    """The initiative adds its own needs: what it needs from the municipality."""

    class Meta(NeedForm.Meta):
        fields = ["category", "description", "met"]


class SharedGoalForm(SingleLineTextMixin, forms.Form):
    description = forms.CharField(label=_("Shared goal"), widget=forms.Textarea(attrs={"rows": 2}))
    neighbourhood_goals = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Matching neighbourhood goals (step 2)"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, partnership=None, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["neighbourhood_goals"].queryset = (
            Goal.objects.filter(neighbourhoods__in=partnership.neighbourhoods.all())
            .distinct()
            .order_by("horizon", "title")
        )


class ActivityForm(VersionedModelForm):
    class Meta:
        model = Activity
        fields = ["what", "responsible", "third_party", "responsible_person", "shared_goal", "due_date", "status"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        partnership = partnership or self.instance.partnership
        if "responsible_person" in self.fields:
            self.fields["responsible_person"].queryset = people_for_activities(
                partnership, staff=self.people_of_both_sides
            ).order_by("full_name")
        if "shared_goal" in self.fields:
            self.fields["shared_goal"].queryset = SharedGoal.objects.filter(
                conversation__partnership=partnership
            ).order_by("id")

    people_of_both_sides = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("responsible") == Activity.Responsible.THIRD_PARTY and not cleaned.get("third_party"):
            self.add_error("third_party", _("Name the third party."))
        return cleaned


class CoordinatorActivityForm(ActivityForm):
    """An activity the initiative takes on itself, with one of its own people responsible."""

    people_of_both_sides = False

    class Meta(ActivityForm.Meta):
        fields = ["what", "responsible_person", "shared_goal", "due_date", "status"]

    def clean(self):
        return VersionedModelForm.clean(self)


class CoordinatorActivityUpdateForm(ActivityForm):
    """A coordinator keeps an activity of their side up to date: its progress and date."""

    class Meta(ActivityForm.Meta):
        fields = ["status", "due_date"]

    def clean(self):
        return VersionedModelForm.clean(self)


class ActivityNoteForm(SingleLineTextMixin, forms.Form):
    text = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(SingleLineTextMixin, forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class AssessmentForm(SingleLineTextMixin, forms.Form):
    goal_clear = yes_no(_("Is the shared goal clear to both parties?"))
    exploring = yes_no(_("Is the initiative in an exploratory phase?"))
    narrow_goals = yes_no(_("Are the initiative's goals narrow?"))
    project_development = yes_no(_("Is project development at stake?"))
    large_scale = yes_no(_("Is it a serious, larger-scale initiative?"))
    last_recalibrated = forms.DateField(
        label=_("When were the core values on sustainability and governance last re-calibrated?"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty if that has not happened yet."),
    )

    review_date = forms.DateField(
        label=_("Next re-calibration (review date)"),
        required=False,
        widget=DATE,
        help_text=_(
            "Both sides are reminded a month before. Left empty: the current review date stays, "
            "or for the first assessment a year from today."
        ),
    )

    def clean_review_date(self):
        value = self.cleaned_data.get("review_date")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return value

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "review_date"}


class AssessmentChoiceForm(SingleLineTextMixin, forms.Form):
    """After seeing the suggestion, staff may choose another level, with a reason."""

    chosen_level = forms.ChoiceField(label=_("Intensity to use"))
    override_reason = forms.CharField(
        label=_("Reason for a different level"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["chosen_level"].choices = [("", _("the suggested level"))] + LEVEL_CHOICES
        self.fields["chosen_level"].required = False
