from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Clause, DraftSection
from agreements.reference import SECTIONS
from core.forms import VersionedModelForm
from core.safety import SingleLineTextMixin
from partnerships.reference_data import AGREEMENT_FORMS

TEXT_HELP = _("Paragraphs separated by a blank line; lines starting with '- ' are a list; **bold** for bold.")


class DraftCreateForm(SingleLineTextMixin, forms.Form):
    form = forms.ChoiceField(
        label=_("Form of agreement"), choices=list(AGREEMENT_FORMS.items()), widget=forms.RadioSelect
    )


class SectionForm(SingleLineTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 12}), help_text=TEXT_HELP
    )
    clause = forms.ModelChoiceField(
        Clause.objects.none(),
        required=False,
        label=_("Insert a standard text from the library"),
        help_text=_("It is added at the end of the text when you save; adapt it afterwards."),
    )

    def __init__(self, *args, section: DraftSection = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = Clause.objects.filter(active=True, section=section.key).filter(
            form__in=["", section.draft.form]
        )

    def new_text(self) -> str:
        text = self.cleaned_data["text"].rstrip()
        clause = self.cleaned_data.get("clause")
        if clause:
            text = f"{text}\n\n{clause.text.strip()}".strip()
        return text


class CommentForm(SingleLineTextMixin, forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=SECTIONS)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ScanForm(SingleLineTextMixin, forms.Form):
    file = forms.FileField(
        label=_("Signed document (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})
    )


class ClauseForm(VersionedModelForm):
    section = forms.ChoiceField(label=_("Section"), choices=SECTIONS)

    class Meta:
        model = Clause
        fields = ["section", "form", "title", "text", "active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
