"""The partnership page opens with a summary: status and what moves it next, intensity, next
conversation, next review, agreement, open items per side, and the path through the statuses."""

import datetime
import re

import pytest
from django.utils import timezone

from partnerships import services
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def summary_html(client, partnership):
    html = client.get(f"/partnerschappen/{partnership.pk}/").content.decode()
    return html[html.index('aria-labelledby="samenvatting"') : html.index('aria-label="Op deze pagina"')]


def test_the_summary_shows_where_the_partnership_stands(client_for):
    partnership = PartnershipFactory(status="in_conversation")
    today = timezone.localdate()
    services.add_conversation(partnership, actor=None, values={"date": today})  # today's: not "next"
    services.add_conversation(partnership, actor=None, values={"date": today + datetime.timedelta(days=9)})
    services.add_activity(partnership, actor=None, values={"what": "Flyers", "responsible": "initiative"})
    services.add_activity(partnership, actor=None, values={"what": "Zaal", "responsible": "municipality"})
    services.add_activity(partnership, actor=None, values={"what": "Open", "responsible": "open"})
    html = summary_html(client_for("medewerker"), partnership)

    assert "In één oogopslag" in html
    assert "In gesprek</strong>." in html and "afspraken vastgelegd" in html  # what moves it next
    path = re.search(r'<ol class="status-path".*?</ol>', html, re.S).group(0)
    steps = re.findall(r"<li ", path)
    assert len(steps) == 5
    current = re.findall(r'<li [^>]*aria-current="step"[^>]*>\s*<span class="status-step-label">([^<]+)', path)
    assert current == ["In gesprek"]
    assert "(afgerond)" in path  # verkennend is done
    next_date = today + datetime.timedelta(days=9)
    assert f'<time datetime="{next_date:%Y-%m-%d}">' in html
    assert f'datetime="{today:%Y-%m-%d}"' not in html
    assert "gemeente: 1, initiatief: 1" in html
    assert "1 activiteit die nog niemand heeft opgepakt" in html
    assert "Nog geen concept-afspraken" in html
    assert "nog niet bepaald" in html


def test_the_sections_are_reachable_by_an_in_page_navigation(client_for):
    partnership = PartnershipFactory()
    html = client_for("medewerker").get(f"/partnerschappen/{partnership.pk}/").content.decode()
    nav = re.search(r'<nav class="mb-4" aria-label="Op deze pagina">.*?</nav>', html, re.S).group(0)
    for target in re.findall(r'href="#([^"]+)"', nav):
        assert f'id="{target}"' in html, target


def test_a_closed_partnership_ends_its_path_with_the_closing_status(client_for):
    partnership = PartnershipFactory(status="ended")
    html = summary_html(client_for("medewerker"), partnership)
    current = re.findall(r'aria-current="step"[^>]*>\s*<span class="status-step-label">([^<]+)', html)
    assert current == ["Beëindigd"]


def test_the_coordinator_sees_the_summary_too(client_for):
    client = client_for("coordinator")
    partnership = PartnershipFactory(initiative=client.own_initiative)
    assert "In één oogopslag" in summary_html(client, partnership)
