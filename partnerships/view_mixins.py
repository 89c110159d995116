"""What the views of the partnership file share: who counts as staff, finding the partnership or the
row of it a URL names, and the in-place (htmx) form handling of its parts."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from core.views import InlineFormMixin, PermissionRequiredMixin
from partnerships.models import (
    Activity,
    Conversation,
    Partnership,
)


def is_staff(user):
    return user.has_perm("partnerships.view_internal")


class PartnershipObjectMixin:
    """Views under one partnership: permissions are checked against it (and so its initiative)."""

    def get_partnership(self):
        if not hasattr(self, "_partnership"):
            self._partnership = get_object_or_404(
                Partnership.objects.select_related("initiative", "policy_version"), pk=self.kwargs["pk"]
            )
        return self._partnership

    def get_permission_object(self):
        return self.get_partnership()

    def back(self):
        return redirect("partnerships:detail", self.get_partnership().pk)


class ChildMixin:
    """Views about one object inside a partnership (conversation, need, activity)."""

    model = None

    def get_child(self):
        if not hasattr(self, "_child"):
            self._child = get_object_or_404(self.model.objects.select_related(*self.related), pk=self.kwargs["pk"])
        return self._child

    def get_permission_object(self):
        return self.get_child()

    def partnership(self):
        child = self.get_child()
        return child.partnership if hasattr(child, "partnership") else child.conversation.partnership

    def back(self):
        return redirect("partnerships:detail", self.partnership().pk)


class InlinePartMixin(InlineFormMixin):
    """Parts of the partnership page that are added and edited in place (htmx), or on their own page."""

    def inline_page_url(self):
        return reverse("partnerships:detail", args=[self.partnership().pk])

    def inline_refresh(self):
        child = self.get_child()
        conversation_id = child.pk if isinstance(child, Conversation) else getattr(child, "conversation_id", None)
        if isinstance(child, Activity) or conversation_id is None:
            return "activiteiten-sectie"
        return f"gesprek-{conversation_id}"


class ConversationPartMixin(InlinePartMixin, ChildMixin, PermissionRequiredMixin):
    model = Conversation
    related = ["partnership__initiative"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, conversation=self.get_child(), partnership=self.partnership())
