import rules

from accounts.predicates import is_beheerder, is_staff_member

rules.add_perm("policies.view_policy", is_staff_member)
rules.add_perm("policies.change_policy", is_beheerder)
