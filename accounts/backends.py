from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Password login by email. Authorisation lives in the rules (`*/rules.py`), not in Django's
    permission tables, so this backend grants nothing and costs no permission queries."""

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()
