from django.db import transaction

from core import history
from neighbourhoods.models import Municipality


@transaction.atomic
def create_municipality(*, actor, values: dict) -> Municipality:
    municipality = Municipality.objects.create(**values)
    history.record_create(municipality, actor=actor, fields=list(values))
    return municipality
