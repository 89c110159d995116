import rules

from accounts.predicates import is_beheerder, is_coordinator, is_editor, is_staff_member
from partnerships.predicates import is_coordinator_of

rules.add_perm("wijkkompas.view_method", is_staff_member | is_coordinator)
rules.add_perm("wijkkompas.change_method", is_beheerder)
# Discussions belong to a partnership, so to its initiative: staff, and that initiative's coordinators.
rules.add_perm("wijkkompas.view_discussion", is_staff_member | is_coordinator_of)
rules.add_perm("wijkkompas.start_discussion", is_editor)
rules.add_perm("wijkkompas.edit_municipality_side", is_editor)
rules.add_perm("wijkkompas.edit_initiative_side", is_editor | is_coordinator_of)
rules.add_perm("wijkkompas.add_node_need", is_editor | is_coordinator_of)
rules.add_perm("wijkkompas.complete_discussion", is_editor)
