import io

import pytest
from django.core.management import call_command

from demo.management.commands.load_demo import DEMO_INITIATIVES, PUBLISHED_INITIATIVES
from partnerships.models import Initiative


@pytest.mark.django_db
def test_the_demo_publishes_two_initiatives_and_keeps_a_later_choice():
    call_command("load_demo", stdout=io.StringIO())
    published = set(Initiative.objects.filter(open_data=True).values_list("name", flat=True))
    assert published == set(PUBLISHED_INITIATIVES)
    assert len(published) < len(DEMO_INITIATIVES)  # one stays unpublished, to show the difference
    # Someone unpublishes one in the demo: loading the demo again leaves that be.
    Initiative.objects.filter(name=PUBLISHED_INITIATIVES[0]).update(open_data=False)
    call_command("load_demo", stdout=io.StringIO())
    assert set(Initiative.objects.filter(open_data=True).values_list("name", flat=True)) == {PUBLISHED_INITIATIVES[1]}
