import rules

from accounts.predicates import is_beheerder, is_coordinator, is_coordinator_of, is_editor, is_staff_member

# The register and everything internal: municipal staff only.
rules.add_perm("partnerships.list_initiatives", is_staff_member)
rules.add_perm("partnerships.add_initiative", is_editor)
rules.add_perm("partnerships.manage_initiative", is_editor)  # contacts, log, invitations
rules.add_perm("partnerships.view_internal", is_staff_member)
rules.add_perm("partnerships.handover", is_beheerder)
# One initiative: staff, or a coordinator of exactly that initiative.
rules.add_perm("partnerships.view_initiative", is_staff_member | is_coordinator_of)
rules.add_perm("partnerships.change_initiative", is_editor | is_coordinator_of)
rules.add_perm("partnerships.view_own_initiatives", is_coordinator)
