"""No personal data, no internal notes and nothing of an unpublished initiative in any answer.

The data: the demo (`load_demo`) plus more of what must never be published: people's names and
addresses, phone numbers, internal notes and log entries, conversations, a draft of the way of
working, and an initiative that did not agree to be published, with a partnership and an agreement
of its own. The test walks every endpoint, follows every link in every answer, and looks for each
of those texts (and for anything like an e-mail address) in every answer.
"""

import datetime
import io
import json
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from accounts.models import User
from agreements import services as agreement_services
from agreements.models import Draft, DraftSection, SectionComment
from api.tests.helpers import agreed_draft
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import Goal, GoalProgress, Neighbourhood
from partnerships import services as partnership_services
from partnerships.models import (
    Activity,
    Comment,
    ContactLogEntry,
    Conversation,
    Initiative,
    Invitation,
    Need,
    Partnership,
)
from policies.models import PolicyVersion
from wijkkompas.models import NodeNeed, TrackView

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
SECRET_INITIATIVE = "Stille Warmtegroep Kerkelanden (niet gepubliceerd)"


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())
    staff = User.objects.get(email="medewerker@voorbeeld.nl")
    coordinator = User.objects.get(email="coordinator@voorbeeld.nl")
    published = Initiative.objects.filter(open_data=True)
    assert published.count() == 2
    # What the published initiatives hold besides their public profile.
    for number, initiative in enumerate(published):
        initiative.email = f"bestuur{number}@zonnigcentrum.example"
        initiative.phone = f"06-1234567{number}"
        initiative.address = f"Postbus 12{number}, 1200 AB Hilversum"
        initiative.notes = f"Interne notitie {number}: penningmeester Jansen stopt in maart"
        initiative.save()
        partnership_services.add_log_entry(
            initiative,
            actor=staff,
            date=datetime.date(2026, 9, 1),
            kind="call",
            participants=f"Wethouder Pietersen en Fatima el Amrani {number}",
            summary=f"Gebeld met Fatima el Amrani over het bestuur {number}",
            visibility=ContactLogEntry.Visibility.SHARED,
        )
    zonnig = Partnership.objects.get(initiative__name__startswith="Energiecoöperatie Zonnig")
    conversation = zonnig.conversations.first()
    partnership_services.add_comment(conversation, actor=coordinator, text="Mijn buurman Henk de Vries doet ook mee")
    Partnership.objects.filter(pk=zonnig.pk).update(start_reason="Gestart op verzoek van Joost Hendriks")
    goal = Goal.objects.filter(neighbourhoods__code="BU04020101").first()
    neighbourhood_services.add_goal_progress(
        goal, actor=staff, date="2026-10-01", value=12, note="Geteld door Anja Bakker, nog niet gecontroleerd"
    )
    # An initiative that did not agree to be published, in a buurt that is published.
    centrum = Neighbourhood.objects.get(code="BU04020101")
    secret = Initiative.objects.create(
        name=SECRET_INITIATIVE,
        email="geheim@kerkelanden.example",
        phone="035-7654321",
        website="https://stille-warmtegroep.example",
        notes="Wil niet genoemd worden",
    )
    secret.neighbourhoods.set([centrum])
    secret_partnership = partnership_services.start_partnership(
        secret, actor=staff, neighbourhoods=[centrum], start_reason="Stille start"
    )
    agreed_draft(secret_partnership, staff, coordinator)
    Invitation.objects.create(
        initiative=secret,
        email="nieuwe.coordinator@kerkelanden.example",
        token_hash="a" * 64,
        expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    # A draft of the way of working is not published yet.
    PolicyVersion.objects.create(number=2, title="Concept: werkwijze van wethouder Van Dam")
    agreement_services.add_comment(
        Draft.objects.filter(partnership=zonnig).first(),
        actor=coordinator,
        section="doel",
        text="Opmerking van Cor over zijn eigen tuin",
    )
    return {"secret": secret, "secret_partnership": secret_partnership}


def forbidden_texts(demo) -> set[str]:
    """Every text that may not appear: people, contact details, notes, the unpublished initiative."""
    texts = set()
    for user in User.objects.all():
        texts |= {user.email, user.full_name}
    for initiative in Initiative.objects.all():
        texts |= {initiative.email, initiative.phone, initiative.address, initiative.notes}
    texts.add(SECRET_INITIATIVE)
    texts.add("stille-warmtegroep.example")
    texts |= set(Invitation.objects.values_list("email", flat=True))
    for model, fields in [
        (ContactLogEntry, ["summary", "participants"]),
        (Conversation, ["participants", "summary", "internal_notes"]),
        (Need, ["description"]),
        (Comment, ["text"]),
        (Activity, ["what", "third_party"]),
        (Partnership, ["start_reason", "stop_reasons", "stop_agreed_by"]),
        (GoalProgress, ["note"]),
        (Draft, ["title"]),
        (DraftSection, ["text"]),
        (SectionComment, ["text"]),
        (TrackView, ["municipality_note", "initiative_note", "municipality_role"]),
        (NodeNeed, ["what", "next_step"]),
    ]:
        for row in model.objects.values_list(*fields):
            texts |= set(row)
    texts |= set(PolicyVersion.objects.filter(status="draft").values_list("title", flat=True))
    # Short texts (empty, "x") could occur by chance in a public text; every real one is longer.
    return {t.strip() for t in texts if t and len(t.strip()) >= 8}


def walk(api, demo):
    """Every endpoint, every link in every answer (all pages), both CRSs for the boundaries, and the
    addresses of the unpublished partnership and the draft way of working (which must be 404)."""
    start = [
        "/api/v1",
        "/api/v1/neighbourhoods?pageSize=100",
        "/api/v1/boundaries?pageSize=100",
        "/api/v1/partnerships?pageSize=100",
        "/api/v1/ways-of-working",
        "/api/v1/ways-of-working/current",
        "/api/v1/crss",
        "/api/v1/openapi.json",
    ]
    for code in Neighbourhood.objects.values_list("code", flat=True):
        start += [f"/api/v1/neighbourhoods/{code}", f"/api/v1/neighbourhoods/{code}/partnerships"]
    for partnership in Partnership.objects.all():
        start.append(f"/api/v1/partnerships/{partnership.pk}")
    for number in PolicyVersion.objects.values_list("number", flat=True):
        start.append(f"/api/v1/ways-of-working/{number}")
    queue, seen, answers = deque(start), set(start), {}
    while queue:
        url = queue.popleft()
        for headers in [{}, {"HTTP_ACCEPT_CRS": "EPSG:28992"}] if "bound" in url else [{}]:
            response = api.get(url, **headers)
            assert response.status_code in (200, 404), (url, response.status_code)
            answers[(url, tuple(headers))] = response
            if response.status_code == 200 and not url.endswith("openapi.json"):
                for href in re.findall(r'"href":\s*"([^"]+)"', response.content.decode()):
                    parts = urlsplit(href)
                    link = parts.path + (f"?{parts.query}" if parts.query else "")
                    if link not in seen:
                        seen.add(link)
                        queue.append(link)
    return answers


def test_no_answer_holds_personal_data_internal_notes_or_unpublished_initiatives(api, demo):
    answers = walk(api, demo)
    texts = forbidden_texts(demo)
    assert len(texts) > 40 and len(answers) > 150
    for (url, _headers), response in answers.items():
        body = response.content.decode()
        readable = json.dumps(json.loads(body), ensure_ascii=False) if body else ""
        found = [t for t in texts if t.lower() in body.lower() or t.lower() in readable.lower()]
        assert not found, f"{url} shows {found}"
        if not url.endswith("openapi.json"):  # the document names the API's own contact address
            assert not EMAIL.search(readable), f"{url} shows an e-mail address: {EMAIL.search(readable).group()}"
    # The unpublished partnership and the draft way of working are not there at all.
    assert answers[(f"/api/v1/partnerships/{demo['secret_partnership'].pk}", ())].status_code == 404
    assert answers[("/api/v1/ways-of-working/2", ())].status_code == 404
    # And what is published, is there: the published initiatives and their partnerships.
    listed = answers[("/api/v1/partnerships?pageSize=100", ())].json()
    names = {p["initiative"]["name"] for p in listed["partnerships"]}
    assert names == set(Initiative.objects.filter(open_data=True).values_list("name", flat=True))
    centrum = answers[("/api/v1/neighbourhoods/BU04020101/partnerships", ())].json()
    assert [p["initiative"]["name"] for p in centrum["partnerships"]] == ["Energiecoöperatie Zonnig Centrum (fictief)"]
    zonnig = centrum["partnerships"][0]
    assert zonnig["status"] == "active" and zonnig["intensity"]
    # The demo's agreements: signed, agreed and ready to sign, under discussion.
    states = sorted((a["state"], bool(a["agreedOn"])) for a in zonnig["agreements"])
    assert states == [("agreed", True), ("agreed", True), ("drafting", False)]
    assert set(zonnig["initiative"]) == {
        "name",
        "legalForm",
        "phase",
        "themes",
        "website",
        "members",
        "householdsReached",
        "neighbourhoods",
    }
