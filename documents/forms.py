from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.safety import SingleLineTextMixin
from documents import content
from documents.services import too_large_message


class DocumentFileField(forms.FileField):
    """A document's file: the size is checked here, the content by the service (documents/content.py)."""

    widget = forms.ClearableFileInput(attrs={"accept": content.ACCEPT})

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is not None and upload.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(too_large_message(upload.size), code="too_large")
        return upload


class FileHelpMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument or an image (PNG, JPEG, GIF, WebP); at most %(max)s. "
            "The type is checked from the content."
        ) % {"max": filesizeformat(settings.DOCUMENT_MAX_BYTES)}


class UploadForm(FileHelpMixin, SingleLineTextMixin, forms.Form):
    file = DocumentFileField(label=gettext_lazy("File"))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    conversation = forms.ModelChoiceField(
        label=gettext_lazy("Conversation"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("(not about one conversation)"),
        help_text=gettext_lazy("The conversation the document belongs to, if any."),
    )
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Meeting"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("(not about one meeting)"),
        help_text=gettext_lazy("The meeting the document belongs to, if any (a presentation, the minutes)."),
    )
    shared = forms.BooleanField(
        label=gettext_lazy("Share with the initiative"),
        required=False,
        help_text=gettext_lazy("Without this the document is internal: only municipal staff see it."),
    )

    def __init__(self, *args, partnership, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["conversation"]
        field.queryset = partnership.conversations.order_by("-date", "-pk")
        field.label_from_instance = lambda c: _("Conversation of %(date)s") % {"date": date_format(c.date)}
        field = self.fields["meeting"]
        field.queryset = partnership.meetings.order_by("-starts_at", "-pk")
        field.label_from_instance = lambda m: (
            _("Meeting of %(date)s") % {"date": date_format(timezone.localtime(m.starts_at))}
        )
        if not staff:
            del self.fields["shared"]  # a coordinator's documents are always shared


class RenameForm(SingleLineTextMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReplaceForm(FileHelpMixin, SingleLineTextMixin, forms.Form):
    file = DocumentFileField(label=gettext_lazy("New version of the file"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
