from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.models import SecurityEvent
from core.safety import SingleLineTextMixin


class EventFilterForm(SingleLineTextMixin, forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Email address contains"), required=False, max_length=254)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(
        label=_("Up to and including"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All")), *SecurityEvent.Action.choices]

    def filter(self, queryset):
        """Apply the filters that are valid; an invalid one (a malformed date) is shown as an error and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("action"):
            queryset = queryset.filter(action=data["action"])
        if data.get("actor"):
            text = data["actor"].strip()
            queryset = queryset.filter(
                Q(actor__email__icontains=text) | Q(actor_repr__icontains=text) | Q(detail__username__icontains=text)
            )
        if data.get("date_from"):
            queryset = queryset.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(at__date__lte=data["date_to"])
        return queryset
