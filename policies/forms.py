from django import forms

from core.forms import VersionedModelForm
from policies.models import PolicyVersion
from policies.services import TEXT_FIELDS


class PolicyDraftForm(VersionedModelForm):
    class Meta:
        model = PolicyVersion
        fields = TEXT_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in TEXT_FIELDS if name != "title"}
