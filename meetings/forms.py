from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import VersionedModelForm
from core.safety import SingleLineTextMixin
from meetings.models import DEFAULT_DURATION, Meeting
from meetings.services import invitable_users
from neighbourhoods.forms import DATE
from partnerships.models import Activity

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class ParticipantChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        side = _("initiative") if user.role == "coordinator" else _("municipality")
        return f"{user} ({side})"


class MeetingForm(VersionedModelForm):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        required=False,
        help_text=_("Leave empty for one and a half hours."),
    )
    video_url = forms.URLField(
        label=_("Video link"), required=False, assume_scheme="https", help_text=_("An https:// address.")
    )

    class Meta:
        model = Meeting
        fields = ["starts_at", "ends_at", "location", "video_url", "participants", "other_participants", "agenda"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 10}), "participants": forms.CheckboxSelectMultiple}
        field_classes = {"participants": ParticipantChoice}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = invitable_users(partnership)
        self.fields["participants"].required = True
        self.fields["participants"].help_text = _("Everyone chosen gets the invitation in their calendar.")

    def clean_video_url(self):
        url = self.cleaned_data.get("video_url", "")
        if url and not url.lower().startswith("https://"):
            raise ValidationError(_("A video link must start with https://."))
        return url

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and not end:
            cleaned["ends_at"] = start + DEFAULT_DURATION
        elif start and end and end <= start:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned

    def _post_clean(self):
        # The model's own checks run in the service (with the participants); the form checks above.
        pass


class CancelForm(SingleLineTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone invited."),
    )


class ReportForm(SingleLineTextMixin, forms.Form):
    discussed = forms.CharField(label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 8}))
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class NewActivityForm(SingleLineTextMixin, forms.Form):
    """One new activity agreed in the meeting (a row of the report form; an empty row is skipped)."""

    what = forms.CharField(label=_("New activity"), max_length=300, required=False)
    responsible = forms.ChoiceField(
        label=_("Responsible"), choices=Activity.Responsible.choices, initial=Activity.Responsible.OPEN
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("what") and cleaned.get("due_date"):
            self.add_error("what", _("Say what has to be done."))
        return cleaned


NewActivityFormSet = forms.formset_factory(NewActivityForm, extra=3, max_num=10)


class CommentForm(SingleLineTextMixin, forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
