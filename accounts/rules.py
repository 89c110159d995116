import rules

from accounts.predicates import is_beheerder, is_staff_member

rules.add_perm("accounts.manage_users", is_beheerder)
# The whole change history, internal changes and staff's notes included (core.history.readable).
# Declared here because core, below accounts, cannot import the role predicates.
rules.add_perm("core.view_internal_history", is_staff_member)
