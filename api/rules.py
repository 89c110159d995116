import rules

from accounts.predicates import is_beheerder

# Issuing and revoking keys for the open data API.
rules.add_perm("api.manage_api_keys", is_beheerder)
