from django import forms

from core.concurrency import StaleEditError, update_versioned  # noqa: F401  (re-exported for views)
from core.safety import SingleLineTextMixin


class VersionedModelForm(SingleLineTextMixin, forms.ModelForm):
    """A ModelForm that carries the version of the record it was loaded from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["version"].required = False

    def model_values(self) -> dict:
        """The cleaned values of the model fields this form edits."""
        values = {}
        for name in self._meta.fields:
            if name not in self.cleaned_data:
                continue
            value = self.cleaned_data[name]
            if isinstance(self.fields[name], forms.FileField):
                if value is None:
                    continue  # no new upload: keep the current file
                if value is False:
                    value = ""  # the "clear" box was ticked
            values[name] = value
        return values
