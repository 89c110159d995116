import rules

from accounts.predicates import is_beheerder, is_coordinator, is_editor, is_staff_member
from partnerships.predicates import is_coordinator_of, is_initiative_activity, is_other_side, is_proposing_side

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


@rules.predicate
def is_initiative_side(user, need):
    """The initiative's own needs: its coordinators may correct them, whoever wrote them down."""
    return need is not None and need.direction == "initiative"


# The partnership file and its conversations: staff, and the initiative's own coordinators.
rules.add_perm("partnerships.list_partnerships", is_staff_member)
rules.add_perm("partnerships.view_partnership", is_staff_member | is_coordinator_of)
rules.add_perm("partnerships.change_partnership", is_editor)
# The initiative's side: its needs, the activities it takes on, comments.
rules.add_perm("partnerships.contribute", is_editor | is_coordinator_of)
rules.add_perm("partnerships.edit_need", is_editor | (is_coordinator_of & is_initiative_side))
rules.add_perm("partnerships.view_examples", is_staff_member | is_coordinator)
# Activities of the initiative's side: its coordinators keep them up to date and add progress notes.
rules.add_perm("partnerships.update_activity", is_editor | (is_coordinator_of & is_initiative_activity))
rules.add_perm("partnerships.add_log_entry", is_editor | is_coordinator_of)
# Stopping together: either side proposes, the other side confirms or declines, the proposer withdraws.
rules.add_perm("partnerships.propose_stop", is_editor | is_coordinator_of)
rules.add_perm("partnerships.answer_stop", (is_editor | is_coordinator_of) & is_other_side)
rules.add_perm("partnerships.withdraw_stop", (is_editor | is_coordinator_of) & is_proposing_side)
