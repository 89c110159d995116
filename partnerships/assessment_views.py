"""How intensive the partnership should be: a new assessment, and one assessment with the choice of
another level (with a reason)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core.views import PermissionRequiredMixin
from partnerships import intensity, services
from partnerships.forms import (
    AssessmentChoiceForm,
    AssessmentForm,
)
from partnerships.models import (
    Assessment,
)
from partnerships.reference_data import AGREEMENT_FORMS, LEVELS, examples_for
from partnerships.view_mixins import ChildMixin, PartnershipObjectMixin


class AssessmentCreateView(PartnershipObjectMixin, PermissionRequiredMixin, FormView):
    template_name = "partnerships/assessment_form.html"
    permission_required = "partnerships.change_partnership"
    form_class = AssessmentForm

    def get_initial(self):
        partnership = self.get_partnership()
        latest = partnership.assessments.first()
        initial = latest.answers() if latest else {}
        # The date the assessment keeps unless staff choose another: shown, so nothing is hidden.
        return {**initial, "review_date": services.default_review_date(partnership, timezone.localdate())}

    def form_valid(self, form):
        assessment, _result = services.record_assessment(
            self.get_partnership(),
            actor=self.request.user,
            answers=form.answers(),
            review_date=form.cleaned_data["review_date"],
        )
        return redirect("partnerships:assessment", assessment.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, partnership=self.get_partnership())


class AssessmentDetailView(ChildMixin, PermissionRequiredMixin, FormView):
    """The result: suggested level, forms, topics, the reasons, and a different choice if wanted."""

    template_name = "partnerships/assessment_detail.html"
    permission_required = "partnerships.view_partnership"
    model = Assessment
    related = ["partnership__initiative", "author"]
    form_class = AssessmentChoiceForm

    def get_initial(self):
        assessment = self.get_child()
        chosen = assessment.chosen_level if assessment.chosen_level != assessment.suggested_level else ""
        return {"chosen_level": chosen, "override_reason": assessment.override_reason}

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("partnerships.change_partnership", self.get_child()):
            return self.handle_no_permission()  # readers may see the result, not change it
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        assessment = self.get_child()
        level = form.cleaned_data["chosen_level"] or assessment.suggested_level
        try:
            services.override_level(
                assessment, actor=self.request.user, level=level, reason=form.cleaned_data["override_reason"]
            )
        except services.TransitionError as error:
            form.add_error("override_reason", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The intensity has been saved."))
        return redirect("partnerships:assessment", assessment.pk)

    def get_context_data(self, **kwargs):
        assessment = self.get_child()
        result = intensity.assess(**assessment.answers(), today=assessment.assessed_on)
        return super().get_context_data(
            **kwargs,
            assessment=assessment,
            partnership=self.partnership(),
            result=result,
            forms=[{"key": f, "label": AGREEMENT_FORMS[f]} for f in result.forms],
            examples=examples_for(result.forms),
            levels=LEVELS,
            can_change=self.request.user.has_perm("partnerships.change_partnership", assessment),
        )
