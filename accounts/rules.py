import rules

from accounts.predicates import is_beheerder

rules.add_perm("accounts.manage_users", is_beheerder)
