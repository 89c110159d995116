from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Clause, DraftSection, Signatory
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
    signed_on = forms.DateField(
        label=_("Signed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date of the last signature; today if left empty."),
    )


class ClauseForm(VersionedModelForm):
    section = forms.ChoiceField(label=_("Section"), choices=SECTIONS)

    class Meta:
        model = Clause
        fields = ["section", "form", "title", "text", "active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class SignatoryForm(SingleLineTextMixin, forms.Form):
    """Someone who may sign; for the municipality the function is one of three, for an initiative free text."""

    name = forms.CharField(label=_("Name"), max_length=200)
    function = forms.CharField(label=_("Function"), max_length=100, help_text=_("For example: chair, treasurer."))
    mandate = forms.CharField(
        label=_("Mandate decision"),
        max_length=300,
        required=False,
        help_text=_("For a mandated official: the mandate decision (date and reference)."),
    )

    def __init__(self, *args, municipality: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if municipality:
            self.fields["function"] = forms.ChoiceField(label=_("Function"), choices=Signatory.Function.choices)
        else:
            del self.fields["mandate"]


class DraftSignatoriesForm(SingleLineTextMixin, forms.Form):
    signatories = forms.ModelMultipleChoiceField(
        Signatory.objects.none(),
        required=False,
        label=_("Who signs"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The municipality's signatories and the initiative's board members who sign."),
    )

    def __init__(self, *args, draft=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatories"].queryset = Signatory.objects.filter(active=True).filter(
            Q(party=Signatory.Party.MUNICIPALITY) | Q(initiative_id=draft.partnership.initiative_id)
        )


class CollegeDecisionForm(SingleLineTextMixin, forms.Form):
    date = forms.DateField(label=_("Date of the college decision"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Reference number"), max_length=100, required=False)


class SourceForm(SingleLineTextMixin, forms.Form):
    """Take the file's new text over, or keep one's own: against the draft's version and the source seen."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    seen = forms.CharField(max_length=64, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
