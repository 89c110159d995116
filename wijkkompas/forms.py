from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VersionedModelForm
from core.safety import SingleLineTextMixin
from wijkkompas.models import Node, NodeNeed, Phase, Track

ACTIVE_CHOICES = [("", _("not discussed")), ("yes", _("yes, active")), ("no", _("no"))]


def _to_bool(value):
    return {"yes": True, "no": False}.get(value)


class SideForm(SingleLineTextMixin, forms.Form):
    """One party's answers in a discussion: per track active or not with a note, and the phase.

    The municipality also writes down its own role and effort per track.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, discussion=None, side="municipality", **kwargs):
        super().__init__(*args, **kwargs)
        self.side, self.discussion = side, discussion
        self.views = list(discussion.track_views.select_related("track"))
        prefix = side
        for view in self.views:
            key = f"t{view.track_id}"
            self.fields[f"{key}_active"] = forms.ChoiceField(
                label=_("Active on track %(track)s?") % {"track": view.track.key},
                choices=ACTIVE_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{key}_note"] = forms.CharField(
                label=_("Note on track %(track)s") % {"track": view.track.key},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            current = getattr(view, f"{prefix}_active")
            self.initial[f"{key}_active"] = "" if current is None else ("yes" if current else "no")
            self.initial[f"{key}_note"] = getattr(view, f"{prefix}_note")
            if side == "municipality":
                self.fields[f"{key}_role"] = forms.CharField(
                    label=_("The municipality's own role and effort on track %(track)s") % {"track": view.track.key},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                self.initial[f"{key}_role"] = view.municipality_role
        self.fields["phase"] = forms.ModelChoiceField(
            Phase.objects.all(), required=False, label=_("Which phase are we in now?")
        )
        self.fields["next_year"] = forms.CharField(
            label=_("What do we want to work on in the coming year?"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.initial.update(
            version=discussion.version,
            phase=getattr(discussion, f"{prefix}_phase_id"),
            next_year=getattr(discussion, f"{prefix}_next_year"),
        )

    def groups(self):
        """Per track its fields, for the template."""
        result = []
        for view in self.views:
            key = f"t{view.track_id}"
            result.append(
                {
                    "track": view.track,
                    "active": self[f"{key}_active"],
                    "note": self[f"{key}_note"],
                    "role": self[f"{key}_role"] if self.side == "municipality" else None,
                }
            )
        return result

    def track_values(self) -> dict:
        values = {}
        for view in self.views:
            key = f"t{view.track_id}"
            row = {
                f"{self.side}_active": _to_bool(self.cleaned_data[f"{key}_active"]),
                f"{self.side}_note": self.cleaned_data[f"{key}_note"],
            }
            if self.side == "municipality":
                row["municipality_role"] = self.cleaned_data[f"{key}_role"]
            values[view.track_id] = row
        return values

    def discussion_values(self) -> dict:
        return {
            f"{self.side}_phase": self.cleaned_data["phase"],
            f"{self.side}_next_year": self.cleaned_data["next_year"],
        }


class NodeNeedForm(SingleLineTextMixin, forms.ModelForm):
    class Meta:
        model = NodeNeed
        fields = ["node", "direction", "what", "next_step", "owner"]
        widgets = {"what": forms.Textarea(attrs={"rows": 2}), "direction": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = Node.objects.select_related("phase").order_by("phase__order", "title")
        self.fields["node"].label_from_instance = lambda n: f"{n.phase.order}. {n.title}"


class TrackForm(VersionedModelForm):
    class Meta:
        model = Track
        fields = ["label", "gloss", "confidence"]


class PhaseForm(VersionedModelForm):
    class Meta:
        model = Phase
        fields = ["label", "confidence"]


class NodeForm(VersionedModelForm):
    class Meta:
        model = Node
        fields = ["title", "phase", "tracks", "goal", "approach", "sensitive", "confidence"]
        widgets = {
            "tracks": forms.CheckboxSelectMultiple,
            "goal": forms.Textarea(attrs={"rows": 3}),
            "approach": forms.Textarea(attrs={"rows": 4}),
        }
