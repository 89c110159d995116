from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import ApiKey


class IssueKeyForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["name"]
        labels = {"name": _("For whom (organisation or application)")}
