from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VersionedModelForm
from neighbourhoods.models import Municipality


class MunicipalityForm(VersionedModelForm):
    class Meta:
        model = Municipality
        fields = ["name", "cbs_code", "address", "logo", "short_term_years", "medium_term_years"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        short, medium = cleaned.get("short_term_years"), cleaned.get("medium_term_years")
        if short and medium and medium <= short:
            self.add_error("medium_term_years", _("The medium term must end later than the short term."))
        return cleaned
