import pytest
from django.urls import reverse

from core.testing import assert_on_page
from neighbourhoods.tests.factories import BuurtFactory, WijkFactory
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def figure(response, name):
    import re

    match = re.search(rf'data-figure="{name}">(\d+)<', response.content.decode())
    return int(match.group(1))


def test_home_shows_real_figures(client, lezer):
    wijk = WijkFactory()
    BuurtFactory.create_batch(3, parent=wijk)
    InitiativeFactory.create_batch(2)
    PartnershipFactory()
    client.force_login(lezer)
    response = client.get(reverse("overview:home"))
    assert (figure(response, "wijken"), figure(response, "buurten")) == (1, 3)
    assert (figure(response, "initiatives"), figure(response, "partnerships")) == (3, 1)


def test_home_with_empty_database_shows_zero_and_the_first_steps(client, beheerder):
    client.force_login(beheerder)
    response = client.get(reverse("overview:home"))
    assert figure(response, "buurten") == 0
    assert reverse("neighbourhoods:municipality") in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_home_query_count_does_not_grow(client, lezer, django_assert_num_queries, rows):
    import datetime

    today = datetime.date.today()
    wijken = [WijkFactory(code=f"WK0402{index:02d}") for index in range(rows)]
    partnerships = []
    for index, wijk in enumerate(wijken):
        # Reviews due on different days, so which ten the page lists (soonest first) is known.
        partnerships.append(PartnershipFactory(review_date=today - datetime.timedelta(days=rows - index)))
        partnerships[-1].initiative.neighbourhoods.add(wijk)
    client.force_login(lezer)
    # session, user, neighbourhood counts, initiatives, partnerships, municipality (shared with the
    # header), published policy (next steps), the dashboard: step progress (1 aggregate and its
    # policy), partnerships per status, per intensity, six "needs attention" lists (the unprepared
    # neighbourhoods with 2 more for their steps), the reminders for this person (3), and what
    # needs doing this week for them (activities, reviews, conversations), and their unread
    # notifications (notifications/includes/inbox.html)
    with django_assert_num_queries(26):
        response = client.get(reverse("overview:home"))
    assert_on_page(response, [reverse("partnerships:detail", args=[p.pk]) for p in partnerships[:10]])
    assert_on_page(response, [p.initiative.name for p in partnerships[:10]])
    assert_on_page(response, [reverse("neighbourhoods:detail", args=[wijk.code]) for wijk in wijken[:10]])


def test_home_lists_partnerships_whose_review_is_due(client, lezer):
    import datetime

    from accounts.tests.factories import UserFactory

    today = datetime.date.today()
    contact = UserFactory()  # so no initiative shows up as "without contact"
    PartnershipFactory(
        initiative__name="Bijna herijken", initiative__contact=contact, review_date=today + datetime.timedelta(days=10)
    )
    PartnershipFactory(
        initiative__name="Nog lang niet", initiative__contact=contact, review_date=today + datetime.timedelta(days=200)
    )
    PartnershipFactory(
        initiative__name="Gestopt", initiative__contact=contact, review_date=today, status="stopped_together"
    )
    client.force_login(lezer)
    page = client.get(reverse("overview:home")).content.decode()
    assert "Bijna herijken" in page
    assert "Nog lang niet" not in page and "Gestopt" not in page
