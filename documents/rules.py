import rules

from accounts.predicates import is_editor, is_staff_member
from partnerships.predicates import is_coordinator_of


@rules.predicate
def is_shared(user, document):
    return document is not None and document.shared_with_initiative


@rules.predicate
def uploaded_it(user, document):
    return document is not None and user.is_authenticated and document.created_by_id == user.pk


# A partnership's documents: staff (a lezer reads, internal documents too) and the initiative's own
# coordinators, who see only what is shared with them; internal documents answer 404 to them.
rules.add_perm("documents.view_documents", is_staff_member | is_coordinator_of)  # on a partnership
rules.add_perm("documents.upload", is_editor | is_coordinator_of)  # on a partnership
rules.add_perm("documents.see_internal", is_staff_member)
rules.add_perm("documents.view_document", is_staff_member | (is_coordinator_of & is_shared))
# Rename, replace, remove: editors, and a coordinator the shared documents they uploaded themselves.
rules.add_perm("documents.change_document", is_editor | (is_coordinator_of & is_shared & uploaded_it))
rules.add_perm("documents.share_document", is_editor)
