import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from neighbourhoods.models import Neighbourhood
from partnerships.models import Initiative, Partnership


def generate(seed="7"):
    call_command("generate_bench_data", "--seed", seed, "--scale", "0.005", stdout=io.StringIO())
    return (
        list(Neighbourhood.objects.order_by("code").values_list("code", "name", "kind")),
        list(Initiative.objects.order_by("name").values_list("name", flat=True)),
        Partnership.objects.count(),
    )


@pytest.mark.django_db
def test_the_benchmark_data_generator_is_deterministic_and_refuses_a_used_database():
    with transaction.atomic():
        first = generate()
        transaction.set_rollback(True)
    second = generate()
    assert first == second  # the same seed gives the same data
    neighbourhoods, initiatives, partnerships = second
    assert any(kind == "buurt" for _c, _n, kind in neighbourhoods) and initiatives and partnerships
    assert Neighbourhood.objects.filter(geometry__isnull=False).exists()
    with pytest.raises(CommandError):
        generate()  # never on top of existing data
