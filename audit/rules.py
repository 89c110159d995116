import rules

from accounts.predicates import is_beheerder

rules.add_perm("audit.view_security_events", is_beheerder)
# Personal data (AVG): seeing what is kept about a person, exporting it, anonymising a coordinator.
rules.add_perm("audit.manage_personal_data", is_beheerder)
