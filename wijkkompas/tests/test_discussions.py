"""The Wijkkompas: discussions (start, both sides, what changed, completion), who may see and
change them, the method page with its reference data, and query counts that do not grow with
the number of nodes.

The test database holds the reference data of migration 0002: tracks A-F, 6 phases, 17 nodes.
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from accounts.tests.factories import UserFactory
from core.models import ChangeEntry
from core.testing import assert_on_page
from partnerships.models import CoordinatorAccess
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory
from wijkkompas import services
from wijkkompas.models import Discussion, Node, NodeNeed, Phase, Track

pytestmark = pytest.mark.django_db

STALE_NL = "Iemand anders heeft dit gewijzigd"
MISSING_ROLES_NL = "Leg eerst de eigen rol en inzet van de gemeente vast"


# --- helpers -------------------------------------------------------------------------------------


def coordinator_of(initiative):
    user = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=user, initiative=initiative)
    return user


def phase(order):
    return Phase.objects.get(order=order)


def node(title):
    return Node.objects.get(title=title)


def view_of(discussion, key):
    return discussion.track_views.get(track__key=key)


def fill(discussion, *, author=None):
    """Give every answer of both parties a value of its own, and one node need."""
    for i, view in enumerate(discussion.track_views.select_related("track")):
        key = view.track.key
        view.municipality_active = i % 2 == 0
        view.municipality_note = f"gemeente over {key}"
        view.municipality_role = f"rol van de gemeente bij {key}"
        view.initiative_active = i % 3 == 0
        view.initiative_note = f"initiatief over {key}"
        view.save()
    discussion.municipality_phase = phase(2)
    discussion.initiative_phase = phase(3)
    discussion.municipality_next_year = "De gemeente wil de warmtevisie uitwerken."
    discussion.initiative_next_year = "Het initiatief wil een buurtbatterij."
    discussion.save()
    NodeNeed.objects.create(
        discussion=discussion,
        node=node("De juiste partijen aan tafel"),
        direction=NodeNeed.Direction.MUTUAL,
        what="Een gezamenlijke wijkavond",
        next_step="Datum prikken",
        owner="both",
        author=author,
    )
    return discussion


def side_data(discussion, side, *, tracks=None, phase_obj=None, next_year="", version=None):
    """A complete SideForm POST: every track "not discussed" and empty unless `tracks` says otherwise.

    `tracks` maps a track letter to {"active": ""/"yes"/"no", "note": ..., "role": ...}.
    """
    data = {
        "version": discussion.version if version is None else version,
        "phase": phase_obj.pk if phase_obj else "",
        "next_year": next_year,
    }
    for track in Track.objects.all():
        given = (tracks or {}).get(track.key, {})
        data[f"t{track.pk}_active"] = given.get("active", "")
        data[f"t{track.pk}_note"] = given.get("note", "")
        if side == "municipality":
            data[f"t{track.pk}_role"] = given.get("role", "")
    return data


def answers(discussion):
    """Every answer of both parties, to compare two discussions or a discussion before and after."""
    discussion = Discussion.objects.get(pk=discussion.pk)
    return {
        "tracks": {
            v.track.key: (
                v.municipality_active,
                v.municipality_note,
                v.municipality_role,
                v.initiative_active,
                v.initiative_note,
            )
            for v in discussion.track_views.select_related("track")
        },
        "municipality": (discussion.municipality_phase_id, discussion.municipality_next_year),
        "initiative": (discussion.initiative_phase_id, discussion.initiative_next_year),
        "needs": sorted(
            (n.node_id, n.direction, n.what, n.next_step, n.owner, n.author_id) for n in discussion.node_needs.all()
        ),
    }


class TableCells(HTMLParser):
    """The header cells (scope and text) of the tables in a page, and the text of each grid node."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headers = []  # [(scope, text)]
        self.nodes = []  # [(href, text)]
        self._th = None
        self._node = None
        self._div_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "th":
            self._th = [attrs.get("scope"), ""]
        elif tag == "div" and "wk-node" in (attrs.get("class") or "").split():
            self._node = [None, ""]
        elif tag == "a" and self._node is not None and self._node[0] is None:
            self._node[0] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "th" and self._th is not None:
            self.headers.append((self._th[0], " ".join(self._th[1].split())))
            self._th = None
        elif tag == "div" and self._node is not None:
            self.nodes.append((self._node[0], " ".join(self._node[1].split())))
            self._node = None

    def handle_data(self, data):
        if self._th is not None:
            self._th[1] += data
        if self._node is not None:
            self._node[1] += data


def parse(response):
    parser = TableCells()
    parser.feed(response.content.decode())
    return parser


def headers(response, scope):
    return [text for s, text in parse(response).headers if s == scope]


# --- the services ------------------------------------------------------------------------------


def test_start_creates_one_empty_view_per_track(medewerker):
    discussion = services.start_discussion(PartnershipFactory(), actor=medewerker, from_previous=False)
    assert sorted(v.track.key for v in discussion.track_views.all()) == ["A", "B", "C", "D", "E", "F"]
    assert discussion.date == timezone.localdate()
    assert discussion.started_from is None and discussion.created_by == medewerker
    view = view_of(discussion, "A")
    assert (view.municipality_active, view.municipality_note, view.municipality_role) == (None, "", "")
    assert (view.initiative_active, view.initiative_note) == (None, "")
    entry = ChangeEntry.objects.for_object(discussion).get()
    assert (entry.action, entry.actor) == ("create", medewerker)


def test_from_previous_copies_every_answer_and_remembers_where_it_started(medewerker):
    partnership = PartnershipFactory()
    previous = fill(services.start_discussion(partnership, actor=medewerker, from_previous=False), author=medewerker)
    services.complete(previous, actor=medewerker)
    discussion = services.start_discussion(partnership, actor=medewerker, from_previous=True)
    assert discussion.started_from == previous
    assert discussion.completed_on is None and discussion.version == 1  # a new discussion is not complete
    assert discussion.pk != previous.pk
    assert answers(discussion) == answers(previous)
    # Sanity: the copied answers really are filled in, on both sides.
    copied = answers(discussion)
    assert copied["municipality"] == (phase(2).pk, "De gemeente wil de warmtevisie uitwerken.")
    assert copied["initiative"] == (phase(3).pk, "Het initiatief wil een buurtbatterij.")
    assert copied["tracks"]["A"] == (True, "gemeente over A", "rol van de gemeente bij A", True, "initiatief over A")
    assert copied["tracks"]["B"] == (False, "gemeente over B", "rol van de gemeente bij B", False, "initiatief over B")
    assert copied["needs"] == [
        (
            node("De juiste partijen aan tafel").pk,
            "mutual",
            "Een gezamenlijke wijkavond",
            "Datum prikken",
            "both",
            medewerker.pk,
        )
    ]
    # They are copies: the new discussion has rows of its own.
    assert discussion.node_needs.get().pk != previous.node_needs.get().pk
    assert not set(discussion.track_views.values_list("pk", flat=True)) & set(
        previous.track_views.values_list("pk", flat=True)
    )


def test_from_previous_starts_from_the_latest_discussion(medewerker):
    partnership = PartnershipFactory()
    oldest = services.start_discussion(partnership, actor=medewerker, from_previous=False)
    Discussion.objects.filter(pk=oldest.pk).update(date=timezone.localdate() - datetime.timedelta(days=400))
    latest = services.start_discussion(partnership, actor=medewerker, from_previous=False)
    # Another partnership's discussion is never a starting point.
    services.start_discussion(PartnershipFactory(), actor=medewerker, from_previous=False)
    assert services.start_discussion(partnership, actor=medewerker, from_previous=True).started_from == latest


def test_without_previous_nothing_is_copied(medewerker):
    partnership = PartnershipFactory()
    fill(services.start_discussion(partnership, actor=medewerker, from_previous=False), author=medewerker)
    discussion = services.start_discussion(partnership, actor=medewerker, from_previous=False)
    assert discussion.started_from is None
    assert answers(discussion) == {
        "tracks": {key: (None, "", "", None, "") for key in "ABCDEF"},
        "municipality": (None, ""),
        "initiative": (None, ""),
        "needs": [],
    }


def test_the_first_discussion_from_previous_has_nothing_to_start_from(medewerker):
    discussion = services.start_discussion(PartnershipFactory(), actor=medewerker, from_previous=True)
    assert discussion.started_from is None
    assert discussion.track_views.count() == 6


def test_differences_are_empty_without_a_previous_discussion(medewerker):
    discussion = fill(services.start_discussion(PartnershipFactory(), actor=medewerker, from_previous=False))
    assert discussion.started_from is None
    assert services.differences(discussion) == []


def test_differences_are_empty_for_an_unchanged_copy(medewerker):
    partnership = PartnershipFactory()
    fill(services.start_discussion(partnership, actor=medewerker, from_previous=False))
    discussion = services.start_discussion(partnership, actor=medewerker, from_previous=True)
    assert services.differences(discussion) == []


def test_differences_list_each_changed_answer_phase_and_node_need(medewerker):
    partnership = PartnershipFactory()
    fill(services.start_discussion(partnership, actor=medewerker, from_previous=False))
    discussion = services.start_discussion(partnership, actor=medewerker, from_previous=True)
    a = view_of(discussion, "A")
    a.municipality_note = "de gemeente trekt zich terug"
    a.save()
    b = view_of(discussion, "B")  # "no" in the previous discussion
    b.municipality_active = True
    b.save()
    discussion.municipality_phase = phase(4)
    discussion.save()
    discussion.node_needs.get().delete()
    NodeNeed.objects.create(
        discussion=discussion,
        node=node("Wijkuitvoeringsplan naar de raad"),
        direction=NodeNeed.Direction.INITIATIVE_NEEDS,
        what="Spreektijd in de raad",
    )
    with override("en"):
        changes = services.differences(discussion)
    assert sorted(changes) == sorted(
        [
            "Track A, note of the municipality: gemeente over A → de gemeente trekt zich terug",
            "Track B, municipality active: no → yes",
            "phase according to the municipality: 2. Karakteriseren van het gebied → 4. Keuzes maken",
            "New need at node Wijkuitvoeringsplan naar de raad: Spreektijd in de raad",
            "No longer needed at node De juiste partijen aan tafel: Een gezamenlijke wijkavond",
        ]
    )
    # Also in Dutch, the default language.
    assert "Spoor A, toelichting van de gemeente: gemeente over A → de gemeente trekt zich terug" in (
        services.differences(discussion)
    )


def test_differences_list_a_change_from_not_discussed_to_no(medewerker):
    partnership = PartnershipFactory()
    services.start_discussion(partnership, actor=medewerker, from_previous=False)  # nothing discussed
    discussion = services.start_discussion(partnership, actor=medewerker, from_previous=True)
    view = view_of(discussion, "C")
    view.initiative_active = False
    view.save()
    with override("en"):
        assert services.differences(discussion) == ["Track C, initiative active: (empty) → no"]


def test_complete_needs_the_municipality_role_on_every_track(medewerker):
    discussion = services.start_discussion(PartnershipFactory(), actor=medewerker, from_previous=False)
    for key in "ACE":
        discussion.track_views.filter(track__key=key).update(municipality_role=f"Wij doen {key}")
    discussion.track_views.filter(track__key="F").update(municipality_role="   ")  # blank is not a role
    with pytest.raises(services.DiscussionError) as caught:
        services.complete(discussion, actor=medewerker)
    assert str(caught.value) == (
        "Leg eerst de eigen rol en inzet van de gemeente vast voor elk spoor (ontbreekt: B, D, F)."
    )
    discussion.refresh_from_db()
    assert discussion.completed_on is None and discussion.version == 1

    discussion.track_views.update(municipality_role="Wij zitten aan tafel")
    services.complete(discussion, actor=medewerker)
    discussion.refresh_from_db()
    assert discussion.completed_on == timezone.localdate()
    assert discussion.version == 2


# --- saving both sides through the pages --------------------------------------------------------


def test_medewerker_saves_the_municipality_side_only(client, medewerker):
    discussion = fill(services.start_discussion(PartnershipFactory(), actor=medewerker, from_previous=False))
    before = answers(discussion)
    client.force_login(medewerker)
    url = reverse("wijkkompas:municipality_side", args=[discussion.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f'name="t{Track.objects.get(key="A").pk}_role"' in page.content.decode()

    data = side_data(
        discussion,
        "municipality",
        tracks={
            "A": {"active": "yes", "note": "Wij faciliteren", "role": "Wethouder opent de avond"},
            "B": {"active": "no", "note": "", "role": "Geen"},
        },
        phase_obj=phase(5),
        next_year="Subsidie regelen",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("wijkkompas:discussion", args=[discussion.pk])

    after = answers(discussion)
    assert after["municipality"] == (phase(5).pk, "Subsidie regelen")
    assert after["tracks"]["A"][:3] == (True, "Wij faciliteren", "Wethouder opent de avond")
    assert after["tracks"]["B"][:3] == (False, "", "Geen")
    assert after["tracks"]["C"][:3] == (None, "", "")  # posted as "not discussed"
    # The initiative's answers are untouched.
    assert after["initiative"] == before["initiative"]
    assert {k: v[3:] for k, v in after["tracks"].items()} == {k: v[3:] for k, v in before["tracks"].items()}
    assert after["needs"] == before["needs"]
    discussion.refresh_from_db()
    assert discussion.version == 2
    entry = ChangeEntry.objects.for_object(discussion).filter(action="update").get()
    assert (entry.actor, entry.note, entry.version) == (medewerker, "municipality", 2)


def test_coordinator_saves_the_initiative_side_only(client, medewerker):
    partnership = PartnershipFactory()
    discussion = fill(services.start_discussion(partnership, actor=medewerker, from_previous=False))
    before = answers(discussion)
    coordinator = coordinator_of(partnership.initiative)
    client.force_login(coordinator)
    url = reverse("wijkkompas:initiative_side", args=[discussion.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "_role" not in page.content.decode()  # the municipality's own role is not theirs to write

    data = side_data(
        discussion,
        "initiative",
        tracks={"A": {"active": "no", "note": "Te weinig vrijwilligers"}, "D": {"active": "yes", "note": "Fonds"}},
        phase_obj=phase(1),
        next_year="Leden werven",
    )
    # A smuggled-in municipality field is ignored.
    data[f"t{Track.objects.get(key='A').pk}_role"] = "Overgenomen door het initiatief"
    data["municipality_next_year"] = "Overgenomen"
    response = client.post(url, data)
    assert response.status_code == 302

    after = answers(discussion)
    assert after["initiative"] == (phase(1).pk, "Leden werven")
    assert after["tracks"]["A"][3:] == (False, "Te weinig vrijwilligers")
    assert after["tracks"]["D"][3:] == (True, "Fonds")
    assert after["tracks"]["B"][3:] == (None, "")
    assert after["municipality"] == before["municipality"]
    assert {k: v[:3] for k, v in after["tracks"].items()} == {k: v[:3] for k, v in before["tracks"].items()}
    discussion.refresh_from_db()
    assert discussion.version == 2
    assert ChangeEntry.objects.for_object(discussion).filter(action="update").get().actor == coordinator


def test_coordinator_gets_404_on_the_municipality_side(client, medewerker):
    partnership = PartnershipFactory()
    discussion = fill(services.start_discussion(partnership, actor=medewerker, from_previous=False))
    before = answers(discussion)
    client.force_login(coordinator_of(partnership.initiative))
    url = reverse("wijkkompas:municipality_side", args=[discussion.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, side_data(discussion, "municipality", next_year="Nee")).status_code == 404
    assert answers(discussion) == before
    # Their own discussion page they may see, with a link to their side only.
    page = client.get(reverse("wijkkompas:discussion", args=[discussion.pk]))
    assert page.status_code == 200
    assert reverse("wijkkompas:initiative_side", args=[discussion.pk]) in page.content.decode()
    assert url not in page.content.decode()


def test_a_coordinator_whose_access_was_revoked_gets_404(client, medewerker):
    partnership = PartnershipFactory()
    discussion = services.start_discussion(partnership, actor=medewerker, from_previous=False)
    coordinator = coordinator_of(partnership.initiative)
    client.force_login(coordinator)
    assert client.get(reverse("wijkkompas:discussion", args=[discussion.pk])).status_code == 200
    CoordinatorAccess.objects.filter(user=coordinator).update(revoked_at=timezone.now())
    for name in ["discussion", "initiative_side", "node_need"]:
        assert client.get(reverse(f"wijkkompas:{name}", args=[discussion.pk])).status_code == 404, name


def test_the_partnership_overview_follows_the_same_access(client, medewerker, lezer):
    partnership = PartnershipFactory()
    discussion = services.start_discussion(partnership, actor=medewerker, from_previous=False)
    url = reverse("wijkkompas:partnership", args=[partnership.pk])
    link = reverse("wijkkompas:discussion", args=[discussion.pk])
    start = reverse("wijkkompas:start", args=[partnership.pk])
    client.force_login(medewerker)
    content = client.get(url).content.decode()
    assert link in content and start in content
    client.force_login(lezer)
    content = client.get(url).content.decode()
    assert link in content and start not in content
    client.force_login(coordinator_of(partnership.initiative))
    assert client.get(url).status_code == 200
    client.force_login(coordinator_of(InitiativeFactory()))
    assert client.get(url).status_code == 404


def test_coordinator_of_another_initiative_gets_404_everywhere(client, medewerker):
    discussion = fill(services.start_discussion(PartnershipFactory(), actor=medewerker, from_previous=False))
    before = answers(discussion)
    client.force_login(coordinator_of(InitiativeFactory()))
    for name in ["discussion", "municipality_side", "initiative_side", "node_need"]:
        assert client.get(reverse(f"wijkkompas:{name}", args=[discussion.pk])).status_code == 404, name
    response = client.post(
        reverse("wijkkompas:initiative_side", args=[discussion.pk]),
        side_data(discussion, "initiative", next_year="Overgenomen"),
    )
    assert response.status_code == 404
    response = client.post(
        reverse("wijkkompas:node_need", args=[discussion.pk]),
        {"node": Node.objects.first().pk, "direction": "mutual", "what": "Binnengedrongen"},
    )
    assert response.status_code == 404
    assert answers(discussion) == before


def test_lezer_sees_the_discussion_but_cannot_change_it(client, lezer, medewerker):
    partnership = PartnershipFactory()
    discussion = fill(services.start_discussion(partnership, actor=medewerker, from_previous=False))
    before = answers(discussion)
    client.force_login(lezer)
    page = client.get(reverse("wijkkompas:discussion", args=[discussion.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert reverse("wijkkompas:municipality_side", args=[discussion.pk]) not in content
    assert reverse("wijkkompas:initiative_side", args=[discussion.pk]) not in content
    for side in ["municipality", "initiative"]:
        url = reverse(f"wijkkompas:{side}_side", args=[discussion.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, side_data(discussion, side, next_year="Van de lezer")).status_code == 403
    assert client.get(reverse("wijkkompas:node_need", args=[discussion.pk])).status_code == 403
    assert client.post(reverse("wijkkompas:complete", args=[discussion.pk])).status_code == 403
    assert client.post(reverse("wijkkompas:start", args=[partnership.pk])).status_code == 403
    assert answers(discussion) == before
    assert Discussion.objects.count() == 1


def test_a_stale_save_is_refused_and_overwrites_nothing(client, medewerker):
    partnership = PartnershipFactory()
    discussion = fill(services.start_discussion(partnership, actor=medewerker, from_previous=False))
    # The medewerker opened the form at version 1; meanwhile the coordinator saved the initiative side.
    opened = side_data(
        discussion,
        "municipality",
        tracks={"A": {"active": "no", "note": "Mijn getypte notitie", "role": "Mijn rol"}},
        phase_obj=phase(6),
        next_year="Mijn plannen",
        version=1,
    )
    client.force_login(coordinator_of(partnership.initiative))
    saved = client.post(
        reverse("wijkkompas:initiative_side", args=[discussion.pk]),
        side_data(discussion, "initiative", tracks={"A": {"active": "yes", "note": "Eerst"}}, next_year="Eerst"),
    )
    assert saved.status_code == 302
    before = answers(discussion)

    client.force_login(medewerker)
    response = client.post(reverse("wijkkompas:municipality_side", args=[discussion.pk]), opened)
    assert response.status_code == 200
    content = response.content.decode()
    assert STALE_NL in content
    assert "Intussen gewijzigd door iemand anders" in content
    assert "Mijn getypte notitie" in content  # what they typed is kept in the form
    assert answers(discussion) == before
    assert before["municipality"] == (phase(2).pk, "De gemeente wil de warmtevisie uitwerken.")
    discussion.refresh_from_db()
    assert discussion.version == 2


# --- the discussion page ------------------------------------------------------------------------


def test_the_discussion_page_shows_both_parties_answers(client, medewerker):
    discussion = fill(services.start_discussion(PartnershipFactory(), actor=medewerker, from_previous=False))
    client.force_login(medewerker)
    response = client.get(reverse("wijkkompas:discussion", args=[discussion.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    phase_headers = [h for h in headers(response, "col") if h[:2] in {f"{p.order}." for p in Phase.objects.all()}]
    [municipality_here] = [h for h in phase_headers if "gemeente staat hier" in h]
    [initiative_here] = [h for h in phase_headers if "initiatief staat hier" in h]
    assert municipality_here.startswith("2. Karakteriseren van het gebied")
    assert initiative_here.startswith("3. Strategieën identificeren")
    for key in "ABCDEF":
        assert f"gemeente over {key}" in content
        assert f"initiatief over {key}" in content
        assert f"rol van de gemeente bij {key}" in content
    assert "De gemeente wil de warmtevisie uitwerken." in content
    assert "Het initiatief wil een buurtbatterij." in content
    # No previous discussion: no "what changed" section.
    assert "Wat is veranderd sinds het gesprek van" not in content


@pytest.mark.parametrize(
    ("intensity", "with_nodes"), [("zwaar", True), ("middel", True), ("licht", False), ("", False)]
)
def test_the_node_section_depends_on_the_intensity(client, medewerker, intensity, with_nodes):
    partnership = PartnershipFactory(intensity=intensity)
    discussion = fill(services.start_discussion(partnership, actor=medewerker, from_previous=False))
    client.force_login(medewerker)
    content = client.get(reverse("wijkkompas:discussion", args=[discussion.pk])).content.decode()
    assert ("Knooppunten waarvoor we elkaar nodig hebben" in content) is with_nodes
    assert ("Een gezamenlijke wijkavond" in content) is with_nodes
    assert (reverse("wijkkompas:node_need", args=[discussion.pk]) in content) is with_nodes


def test_the_discussion_page_lists_what_changed(client, medewerker):
    partnership = PartnershipFactory(intensity="zwaar")
    previous = fill(services.start_discussion(partnership, actor=medewerker, from_previous=False))
    discussion = services.start_discussion(partnership, actor=medewerker, from_previous=True)
    client.force_login(medewerker)
    url = reverse("wijkkompas:discussion", args=[discussion.pk])
    content = client.get(url).content.decode()
    assert "Wat is veranderd sinds het gesprek van" in content
    assert "Er is nog niets veranderd." in content

    view = view_of(discussion, "A")
    view.municipality_note = "Nieuwe kijk"
    view.save()
    discussion.initiative_phase = phase(4)
    discussion.save()
    content = client.get(url).content.decode()
    assert "Er is nog niets veranderd." not in content
    assert "Spoor A, toelichting van de gemeente: gemeente over A → Nieuwe kijk" in content
    assert "fase volgens het initiatief: 3. Strategieën identificeren → 4. Keuzes maken" in content
    # The heading names the date of the discussion it started from.
    with override("nl"):
        assert f"Wat is veranderd sinds het gesprek van {date_format(previous.date)}" in content


def test_coordinator_adds_a_node_need(client, medewerker):
    partnership = PartnershipFactory(intensity="zwaar")
    discussion = services.start_discussion(partnership, actor=medewerker, from_previous=False)
    coordinator = coordinator_of(partnership.initiative)
    client.force_login(coordinator)
    url = reverse("wijkkompas:node_need", args=[discussion.pk])
    assert client.get(url).status_code == 200
    target = node("Criteria bepalen voor keuze van energiesysteem")
    response = client.post(
        url,
        {
            "node": target.pk,
            "direction": "initiative_needs",
            "what": "Gegevens over het warmtenet",
            "next_step": "Netbeheerder bellen",
            "owner": "municipality",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wijkkompas:discussion", args=[discussion.pk])
    need = discussion.node_needs.get()
    assert (need.node, need.direction, need.what, need.next_step, need.owner, need.author) == (
        target,
        "initiative_needs",
        "Gegevens over het warmtenet",
        "Netbeheerder bellen",
        "municipality",
        coordinator,
    )
    entry = ChangeEntry.objects.for_object(discussion).get(action="event")
    assert entry.actor == coordinator
    assert "Gegevens over het warmtenet" in entry.changes[0]["new"]


def test_complete_through_the_page(client, medewerker):
    discussion = services.start_discussion(PartnershipFactory(), actor=medewerker, from_previous=False)
    discussion.track_views.filter(track__key__in=["A", "B"]).update(municipality_role="Aan tafel")
    client.force_login(medewerker)
    url = reverse("wijkkompas:complete", args=[discussion.pk])
    page = client.get(reverse("wijkkompas:discussion", args=[discussion.pk])).content.decode()
    assert "De gemeente moet haar eigen rol en inzet nog vastleggen voor: C." in page

    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("wijkkompas:discussion", args=[discussion.pk]), 302)]
    assert f"{MISSING_ROLES_NL} voor elk spoor (ontbreekt: C, D, E, F)." in response.content.decode()
    discussion.refresh_from_db()
    assert discussion.completed_on is None

    discussion.track_views.update(municipality_role="Aan tafel")
    response = client.post(url, follow=True)
    assert "Het gesprek is afgerond." in response.content.decode()
    discussion.refresh_from_db()
    assert discussion.completed_on == timezone.localdate()


def test_start_through_the_page(client, medewerker):
    partnership = PartnershipFactory()
    previous = fill(services.start_discussion(partnership, actor=medewerker, from_previous=False))
    client.force_login(medewerker)
    url = reverse("wijkkompas:start", args=[partnership.pk])

    response = client.post(url, {"from_previous": "1"})
    copied = Discussion.objects.exclude(pk=previous.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wijkkompas:discussion", args=[copied.pk])
    assert copied.started_from == previous and copied.created_by == medewerker
    assert answers(copied) == answers(previous)

    client.post(url)
    fresh = Discussion.objects.exclude(pk__in=[previous.pk, copied.pk]).get()
    assert fresh.started_from is None
    assert answers(fresh)["needs"] == [] and answers(fresh)["municipality"] == (None, "")


def test_start_is_refused_to_lezer_and_coordinator(client, lezer):
    partnership = PartnershipFactory()
    url = reverse("wijkkompas:start", args=[partnership.pk])
    client.force_login(lezer)
    assert client.post(url, {"from_previous": "1"}).status_code == 403
    client.force_login(coordinator_of(partnership.initiative))
    assert client.post(url, {"from_previous": "1"}).status_code == 404
    assert not Discussion.objects.exists()


# --- the method page and its reference data ----------------------------------------------------


def test_the_method_page_shows_every_node_in_a_table(client, beheerder):
    # The beheerder, who maintains the reference data, sees how sure it is ("niet geverifieerd").
    client.force_login(beheerder)
    response = client.get(reverse("wijkkompas:method"))
    assert response.status_code == 200
    parsed = parse(response)
    cols = [text for scope, text in parsed.headers if scope == "col"]
    rows = [text for scope, text in parsed.headers if scope == "row"]
    assert cols[0] == "Spoor"
    assert [c.split(" (")[0] for c in cols[1:]] == [f"{p.order}. {p.label}" for p in Phase.objects.all()]
    assert cols[6] == "6. Uitvoering (niet geverifieerd)"  # the one unconfirmed phase
    assert rows == [f"{t.key}. {t.label}" for t in Track.objects.all()] + ["Knooppunten zonder bekend spoor"]
    assert [scope for scope, _ in parsed.headers if scope not in {"col", "row"}] == []

    nodes = Node.objects.all()
    assert nodes.count() == 17
    assert "17 knooppunten vastgelegd." in response.content.decode()
    shown = {}
    for href, text in parsed.nodes:
        shown.setdefault(href, set()).add(text)
    assert set(shown) == {reverse("wijkkompas:node", args=[n.pk]) for n in nodes}
    for n in nodes:
        # A node in several tracks appears once per track, the same each time.
        [text] = shown[reverse("wijkkompas:node", args=[n.pk])]
        assert text.startswith(n.title)
        assert ("niet geverifieerd" in text) is (n.confidence != "confirmed"), n.title
        assert ("politiek gevoelig" in text) is n.sensitive, n.title
    assert Node.objects.filter(confidence="partial").count() == 7


def test_a_node_appears_in_the_cell_of_its_tracks_and_phase(client, medewerker):
    client.force_login(medewerker)
    content = client.get(reverse("wijkkompas:method")).content.decode()
    target = node("De juiste partijen aan tafel")  # tracks A, B, C; phase 1
    href = reverse("wijkkompas:node", args=[target.pk])
    assert content.count(f'href="{href}"') == 3


def test_beheerder_edits_a_node(client, beheerder):
    target = node("Beeld vormen van de wijk")
    client.force_login(beheerder)
    url = reverse("wijkkompas:node_update", args=[target.pk])
    assert client.get(url).status_code == 200
    tracks = list(Track.objects.filter(key__in=["A", "D"]))
    data = {
        "title": "Beeld vormen van de wijk (bevestigd)",
        "phase": phase(2).pk,
        "tracks": [t.pk for t in tracks],
        "goal": "Iedereen kent de wijk",
        "approach": "Wijkwandeling",
        "sensitive": "on",
        "confidence": "confirmed",
        "version": target.version,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("wijkkompas:method")
    target.refresh_from_db()
    assert (target.title, target.phase, target.goal, target.approach, target.sensitive, target.confidence) == (
        "Beeld vormen van de wijk (bevestigd)",
        phase(2),
        "Iedereen kent de wijk",
        "Wijkwandeling",
        True,
        "confirmed",
    )
    assert set(target.tracks.all()) == set(tracks)
    assert target.version == 2

    # The same form posted again from the old version is refused.
    response = client.post(url, {**data, "title": "Overschreven"})
    assert response.status_code == 200
    assert STALE_NL in response.content.decode()
    target.refresh_from_db()
    assert target.title == "Beeld vormen van de wijk (bevestigd)"


def test_beheerder_adds_a_node(client, beheerder):
    client.force_login(beheerder)
    url = reverse("wijkkompas:node_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Warmtetransitieplan actualiseren",
            "phase": phase(3).pk,
            "tracks": [Track.objects.get(key="F").pk],
            "goal": "",
            "approach": "",
            "confidence": "unconfirmed",
            "version": "",
        },
    )
    assert response.status_code == 302
    added = node("Warmtetransitieplan actualiseren")
    assert (added.phase, list(added.tracks.values_list("key", flat=True)), added.sensitive) == (phase(3), ["F"], False)
    assert Node.objects.count() == 18
    assert ChangeEntry.objects.for_object(added).get().action == "create"
    page = parse(client.get(reverse("wijkkompas:method")))
    [text] = {t for href, t in page.nodes if href == reverse("wijkkompas:node", args=[added.pk])}
    assert "niet geverifieerd" in text


def test_medewerker_cannot_edit_or_add_nodes(client, medewerker):
    target = node("Beeld vormen van de wijk")
    client.force_login(medewerker)
    update = reverse("wijkkompas:node_update", args=[target.pk])
    create = reverse("wijkkompas:node_create")
    data = {"title": "Niet van mij", "phase": phase(1).pk, "confidence": "confirmed", "version": target.version}
    assert client.get(update).status_code == 403
    assert client.post(update, data).status_code == 403
    assert client.get(create).status_code == 403
    assert client.post(create, {**data, "version": ""}).status_code == 403
    target.refresh_from_db()
    assert target.title == "Beeld vormen van de wijk" and target.version == 1
    assert Node.objects.count() == 17
    # And the method page offers them no edit links.
    content = client.get(reverse("wijkkompas:method")).content.decode()
    assert create not in content


# --- query counts -------------------------------------------------------------------------------


def add_nodes(count):
    """`count` extra nodes spread over the phases, each in one or two tracks."""
    phases = list(Phase.objects.all())
    tracks = list(Track.objects.all())
    for i in range(count):
        extra = Node.objects.create(title=f"Extra knooppunt {i:02d}", phase=phases[i % len(phases)])
        extra.tracks.set(tracks[i % len(tracks) : i % len(tracks) + 1 + i % 2])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Measured with the seeded 17 nodes (after a warm-up request):
# method page, 7 queries: session, user, phases, tracks, nodes (with their phase), the nodes' tracks
#   (one prefetch), the municipality for the page layout.
# discussion page, 15 queries: session, user, the discussion (with partnership, initiative, both
#   phases, started_from), its track views, its node needs (with node, phase, author); the grid:
#   phases, tracks, nodes, the nodes' tracks; "what changed": the previous track views, the previous
#   discussion's two phases, its node needs twice (added and removed); the municipality.
# The tests compare 17 against 67 nodes rather than pinning these numbers, so a change to the page
# layout elsewhere does not break them; what matters is that nothing is queried per node.
def test_the_method_page_queries_do_not_grow_with_the_nodes(client, medewerker):
    client.force_login(medewerker)
    url = reverse("wijkkompas:method")
    client.get(url)  # warm up: session and per-process caches
    with_17 = count_queries(client, url)
    add_nodes(50)
    assert Node.objects.count() == 67
    with_67 = count_queries(client, url)
    assert with_67 == with_17
    page = assert_on_page(client.get(url), [f"Extra knooppunt {i:02d}" for i in range(50)])
    assert "67 knooppunten vastgelegd." in page


def test_the_discussion_page_queries_do_not_grow_with_the_nodes(client, medewerker):
    partnership = PartnershipFactory(intensity="zwaar")
    fill(services.start_discussion(partnership, actor=medewerker, from_previous=False), author=medewerker)
    discussion = services.start_discussion(partnership, actor=medewerker, from_previous=True)
    NodeNeed.objects.create(
        discussion=discussion,
        node=node("Keuze voor energiesysteem vastleggen"),
        direction="municipality_needs",
        what="Draagvlak",
        author=medewerker,
    )
    client.force_login(medewerker)
    url = reverse("wijkkompas:discussion", args=[discussion.pk])
    client.get(url)  # warm up
    with_17 = count_queries(client, url)
    add_nodes(50)
    # Needs at the new nodes too: each one is drawn in the grid and listed in the node table.
    for extra in Node.objects.filter(title__in=[f"Extra knooppunt {i:02d}" for i in range(10)]):
        NodeNeed.objects.create(
            discussion=discussion, node=extra, direction="mutual", what=f"Hulp bij {extra.title}", author=medewerker
        )
    with_67 = count_queries(client, url)
    assert with_67 == with_17
    content = assert_on_page(client.get(url), [f"Extra knooppunt {i:02d}" for i in range(50)])
    assert "Nieuw bij knooppunt Extra knooppunt 09: Hulp bij Extra knooppunt 09" in content
