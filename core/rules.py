import rules

from accounts.predicates import is_staff_member

rules.add_perm("core.view_home", is_staff_member)
