"""The staff dashboard's charts (inline SVG with a text alternative, numbers also in tables), what
needs doing this week for the person logged in, and the coordinator's one-glance summary."""

import datetime
import re

import pytest
from django.utils import timezone

from neighbourhoods.tests.factories import BuurtFactory
from partnerships import services
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_charts_are_svg_images_with_titles_and_the_numbers_as_text(client_for):
    BuurtFactory()
    PartnershipFactory(status="active", intensity="zwaar")
    PartnershipFactory(status="active")
    html = client_for("lezer").get("/").content.decode()
    svgs = re.findall(r"<svg class=\"bar-chart\"[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg
        label = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
        assert re.search(rf'<title id="{label}">[^<]+\d', svg)
    status_svg = svgs[1]
    assert "actief 2" in re.search(r"<title[^>]*>([^<]+)</title>", status_svg).group(1)
    # The same numbers in a table for screen readers and without SVG.
    by_status = html.split('id="per-status"')[1].split("</section>")[0]
    assert re.search(r">actief</a></td><td>2</td>", by_status)
    assert "Stap 1: rol 0 van 1" in svgs[0]


def test_what_needs_doing_this_week_is_for_the_person_logged_in(client_for):
    client = client_for("medewerker")
    today = timezone.localdate()
    mine = PartnershipFactory(initiative=InitiativeFactory(contact=client.user, name="Mijn Initiatief"))
    other = PartnershipFactory(initiative=InitiativeFactory(name="Ander Initiatief"))
    for partnership in (mine, other):
        services.add_activity(
            partnership,
            actor=None,
            values={"what": "Zaal huren", "responsible": "municipality", "due_date": today + datetime.timedelta(3)},
        )
    services.add_activity(
        mine,
        actor=None,
        values={"what": "Later", "responsible": "municipality", "due_date": today + datetime.timedelta(days=30)},
    )
    html = client.get("/").content.decode()
    week = html.split('id="deze-week"')[1].split("</section>")[0]
    assert "Mijn Initiatief" in week and "Zaal huren" in week
    assert "Ander Initiatief" not in week and "Later" not in week


def test_the_coordinator_home_says_what_is_asked_and_no_past_conversation(client_for):
    client = client_for("coordinator")
    partnership = PartnershipFactory(initiative=client.own_initiative)
    today = timezone.localdate()
    services.add_conversation(partnership, actor=None, values={"date": today})
    services.add_activity(
        partnership,
        actor=None,
        values={"what": "Flyers", "responsible": "initiative", "due_date": today - datetime.timedelta(days=1)},
    )
    html = client.get("/").content.decode()
    asked = html.split('id="gevraagd"')[1].split("</section>")[0]
    assert "1 activiteit om uit te voeren" in asked and "1 over tijd" in asked
    following = html.split('id="volgend-gesprek"')[1].split("</section>")[0]
    assert "Geen gesprek gepland." in following or "gepland" in following
    assert today.strftime("%Y") not in following  # today's conversation is not "next"


def test_nothing_asked(client_for):
    html = client_for("coordinator").get("/").content.decode()
    assert "Er wordt nu niets van uw initiatief gevraagd." in html
