import rules

from accounts.predicates import is_staff_member

rules.add_perm("overview.view_home", is_staff_member)
