import rules

from accounts.predicates import is_beheerder, is_editor, is_staff_member
from partnerships.predicates import is_coordinator_of

# A draft belongs to a partnership, so to its initiative: staff, and that initiative's coordinators.
rules.add_perm("agreements.view_draft", is_staff_member | is_coordinator_of)
rules.add_perm("agreements.create_draft", is_editor)
rules.add_perm("agreements.edit_draft", is_editor)
rules.add_perm("agreements.comment", is_editor | is_coordinator_of)
rules.add_perm("agreements.agree_municipality", is_editor)
rules.add_perm("agreements.agree_initiative", is_coordinator_of)
rules.add_perm("agreements.upload_scan", is_editor)
rules.add_perm("agreements.view_clauses", is_staff_member)
rules.add_perm("agreements.manage_clauses", is_beheerder)
# Who signs: the municipality's signatories (by mandate) are the beheerder's; an initiative's board, editors'.
rules.add_perm("agreements.view_signatories", is_staff_member)
rules.add_perm("agreements.manage_signatories", is_beheerder)
rules.add_perm("agreements.manage_initiative_signatories", is_editor)
