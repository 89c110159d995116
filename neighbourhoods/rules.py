import rules

from accounts.predicates import is_beheerder, is_editor, is_staff_member

rules.add_perm("neighbourhoods.view_neighbourhood", is_staff_member)
rules.add_perm("neighbourhoods.change_neighbourhood", is_editor)
rules.add_perm("neighbourhoods.change_municipality", is_beheerder)
rules.add_perm("neighbourhoods.import_neighbourhoods", is_beheerder)
rules.add_perm("neighbourhoods.change_reference_data", is_beheerder)
