"""A living draft: a changed source shows per section with its difference and can be taken over;
text written by hand is only replaced on confirmation; both sides agreeing moves the status."""

import datetime
import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agreements import living, services
from agreements.models import Draft
from agreements.tests.helpers import edit, messages_of, section
from core.concurrency import StaleEditError
from core.history import readable
from core.models import ChangeEntry
from core.testing import assert_on_page
from partnerships import notices
from partnerships import services as partnership_services
from partnerships.models import Need, Partnership
from partnerships.tests.factories import PartnershipFactory
from tests.pages.test_valid_html import JAR, vnu_errors
from wijkkompas import services as wijkkompas_services
from wijkkompas.models import Phase, Track

pytestmark = pytest.mark.django_db


@pytest.fixture
def told():
    """The kinds of notices the services tell, as the notifications app would hear them."""
    heard = []

    def receiver(sender, notice, **kwargs):
        heard.append(notice)

    notices.file_event.connect(receiver)
    yield heard
    notices.file_event.disconnect(receiver)


def changed(client, draft) -> dict:
    """{section key: its source change} as the draft page shows them."""
    response = client.get(reverse("agreements:draft", args=[draft.pk]))
    assert response.status_code == 200
    return {s.key: s.source_change for s in response.context["sections"] if s.source_change}


def conversation_of(partnership):
    return partnership.conversations.get()


def take_over(client, draft, key, **extra):
    draft.refresh_from_db()
    sec = section(draft, key)
    change = living.change_of(sec, living.current_sources(draft.partnership))
    data = {"version": draft.version, "seen": change.digest, **extra}
    return client.post(reverse("agreements:section_source", args=[sec.pk]), data)


# --- what the draft is filled from ------------------------------------------------------------


def test_the_draft_keeps_what_each_section_was_filled_from_and_shows_no_change_at_first(client, draft, medewerker):
    sec = section(draft, "ondersteuning")
    assert sec.source == sec.text and "Advies over subsidies" in sec.basis
    assert "Buurtavond organiseren" in section(draft, "activiteiten").basis
    client.force_login(medewerker)
    assert changed(client, draft) == {}
    assert (
        "De bron van deze sectie is gewijzigd"
        not in client.get(reverse("agreements:draft", args=[draft.pk])).content.decode()
    )


def test_the_needs_of_both_sides_are_in_the_draft(partnership, medewerker):
    partnership_services.add_need(
        conversation_of(partnership),
        actor=medewerker,
        values={"direction": "municipality", "category": "capacity", "description": "Cijfers over het verbruik"},
    )
    draft = services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)
    text = section(draft, "ondersteuning").text
    assert "Wat het initiatief nodig heeft van de gemeente:" in text
    assert "Advies over subsidies" in text
    assert "Wat de gemeente nodig heeft van het initiatief:" in text
    assert "Cijfers over het verbruik" in text
    assert text.index("Advies over subsidies") < text.index("Cijfers over het verbruik")


def test_only_the_municipalitys_needs_are_in_the_draft_under_their_own_heading(medewerker):
    partnership = PartnershipFactory()
    conversation = partnership_services.add_conversation(
        partnership, actor=medewerker, values={"date": datetime.date(2025, 1, 10), "summary": "Kennismaking"}
    )
    partnership_services.add_need(
        conversation,
        actor=medewerker,
        values={"direction": "municipality", "category": "reach", "description": "Bewoners bereiken"},
    )
    draft = services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)
    text = section(draft, "ondersteuning").text
    assert text.startswith("Wat de gemeente nodig heeft van het initiatief:")
    assert "Bewoners bereiken" in text and "Wat het initiatief nodig heeft" not in text


def test_a_new_need_of_the_municipality_shows_as_a_changed_source_with_the_difference(client, draft, medewerker):
    partnership_services.add_need(
        conversation_of(draft.partnership),
        actor=medewerker,
        values={"direction": "municipality", "category": "capacity", "description": "Cijfers over het verbruik"},
    )
    client.force_login(medewerker)
    changes = changed(client, draft)
    assert list(changes) == ["ondersteuning"]
    lines = changes["ondersteuning"].basis_lines
    assert ("+", "Wat de gemeente nodig heeft van het initiatief:") in lines
    assert any(k == "+" and "Cijfers over het verbruik" in t for k, t in lines)
    assert not any(k == "-" and "Advies over subsidies" in t for k, t in lines)
    html = client.get(reverse("agreements:draft", args=[draft.pk])).content.decode()
    assert "De bron van deze sectie is gewijzigd" in html
    # The difference does not rely on colour: the added line is marked in words.
    assert '<ins><span class="visually-hidden">toegevoegd: </span>' in html
    assert "Nieuwe tekst overnemen" in html


def test_a_changed_need_of_the_initiative_and_a_changed_goal_show_in_their_own_sections(client, draft, medewerker):
    need = Need.objects.get()
    partnership_services.update_need(
        need,
        actor=medewerker,
        expected_version=need.version,
        values={"description": "Advies over subsidies en vergunningen"},
    )
    partnership_services.add_shared_goal(
        conversation_of(draft.partnership), actor=medewerker, description="Een warmtenet", neighbourhood_goals=[]
    )
    client.force_login(medewerker)
    changes = changed(client, draft)
    assert set(changes) == {"ondersteuning", "doel"}
    lines = changes["ondersteuning"].basis_lines
    assert any(k == "-" and t.endswith("Advies over subsidies") for k, t in lines)
    assert any(k == "+" and "vergunningen" in t for k, t in lines)
    assert ("+", "- Een warmtenet") in changes["doel"].basis_lines


def test_a_changed_activity_shows_in_the_activities_section(client, draft, medewerker):
    activity = draft.partnership.activities.get()
    partnership_services.update_activity(
        activity, actor=medewerker, expected_version=activity.version, values={"what": "Twee buurtavonden"}
    )
    client.force_login(medewerker)
    changes = changed(client, draft)
    assert list(changes) == ["activiteiten"]
    assert any(k == "+" and "Twee buurtavonden" in t for k, t in changes["activiteiten"].basis_lines)
    assert any(k == "-" and "Buurtavond organiseren" in t for k, t in changes["activiteiten"].basis_lines)
    # Taking it over notes the new activities; the text points to the table, which follows the file.
    response = take_over(client, draft, "activiteiten")
    assert response.status_code == 302
    assert section(draft, "activiteiten").text == "De partijen voeren de activiteiten in de tabel hieronder uit."
    assert changed(client, draft) == {}


def _discussion(partnership, medewerker, *, role="De gemeente faciliteert"):
    discussion = wijkkompas_services.start_discussion(partnership, actor=medewerker)
    phase = Phase.objects.order_by("pk").first()
    wijkkompas_services.save_side(
        discussion,
        side="municipality",
        actor=medewerker,
        expected_version=discussion.version,
        tracks={t.pk: {"municipality_active": True, "municipality_role": role} for t in Track.objects.all()},
        values={"municipality_phase": phase, "municipality_next_year": ""},
    )
    discussion.refresh_from_db()
    return discussion


def test_the_latest_wijkkompas_discussion_counts_open_and_then_closed(client, partnership, medewerker):
    discussion = _discussion(partnership, medewerker)
    draft = services.create_draft(partnership, form="samenwerkingsovereenkomst", actor=medewerker)
    # Not completed yet: its outcome is in the draft, saying it is not completed.
    assert "De gemeente faciliteert" in section(draft, "rolverdeling").text
    assert "nog niet afgerond" in section(draft, "fasering").text

    wijkkompas_services.complete(discussion, actor=medewerker)
    client.force_login(medewerker)
    changes = changed(client, draft)
    assert list(changes) == ["fasering"]
    assert any(k == "-" and "nog niet afgerond" in t for k, t in changes["fasering"].basis_lines)

    # A newer discussion, open, with another role: the draft follows it.
    newer = wijkkompas_services.start_discussion(partnership, actor=medewerker)
    wijkkompas_services.save_side(
        newer,
        side="municipality",
        actor=medewerker,
        expected_version=newer.version,
        tracks={
            t.pk: {"municipality_active": True, "municipality_role": "De gemeente trekt"} for t in Track.objects.all()
        },
        values={"municipality_phase": newer.municipality_phase, "municipality_next_year": ""},
    )
    changes = changed(client, draft)
    # Open again, the phase reads as it did when the draft was made; the roles changed.
    assert list(changes) == ["rolverdeling"]
    assert any(k == "+" and "De gemeente trekt" in t for k, t in changes["rolverdeling"].basis_lines)


def test_a_changed_review_date_shows_in_the_term_section(client, draft, medewerker):
    """The agreement's review date is the partnership's: one date, read from the file."""
    Partnership.objects.filter(pk=draft.partnership_id).update(review_date=datetime.date(2026, 9, 1))
    client.force_login(medewerker)
    changes = changed(client, draft)
    assert list(changes) == ["looptijd"]
    assert any(k == "+" and "1 september 2026" in t for k, t in changes["looptijd"].basis_lines)


# --- taking over -----------------------------------------------------------------------------


def _new_goal(draft, medewerker):
    partnership_services.add_shared_goal(
        conversation_of(draft.partnership), actor=medewerker, description="Een warmtenet", neighbourhood_goals=[]
    )


def test_an_untouched_section_takes_the_new_text_over_at_once_and_the_history_says_so(client, draft, medewerker):
    _new_goal(draft, medewerker)
    client.force_login(medewerker)
    response = take_over(client, draft, "doel")
    assert response.status_code == 302
    assert response["Location"].endswith("#sectie-doel")
    sec = section(draft, "doel")
    assert sec.text == "- Honderd daken vol zonnepanelen\n- Een warmtenet"
    assert sec.source == sec.text == sec.basis
    assert changed(client, draft) == {}
    entry = ChangeEntry.objects.for_object(draft).filter(action=ChangeEntry.Action.UPDATE).first()
    assert any(c.get("field") == "source_taken_over" for c in entry.changes)
    assert "Een warmtenet" in str(entry.changes)


def test_text_written_by_hand_is_only_replaced_after_confirmation(client, draft, medewerker):
    client.force_login(medewerker)
    edit(client, draft, "doel", "Samen honderd daken vol zonnepanelen, eigen woorden")
    _new_goal(draft, medewerker)
    changes = changed(client, draft)
    assert changes["doel"].edited_by_hand
    html = client.get(reverse("agreements:draft", args=[draft.pk])).content.decode()
    assert reverse("agreements:section_source", args=[section(draft, "doel").pk]) in html
    assert "Eigen tekst houden" in html

    # Posting without confirmation does not replace it: to the confirmation page.
    response = take_over(client, draft, "doel")
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:section_source", args=[section(draft, "doel").pk])
    assert section(draft, "doel").text == "Samen honderd daken vol zonnepanelen, eigen woorden"

    page = client.get(response["Location"])
    assert page.status_code == 200
    content = page.content.decode()
    assert "eigen woorden" in content and "Een warmtenet" in content
    assert '<del><span class="visually-hidden">verwijderd: </span>' in content

    response = take_over(client, draft, "doel", confirm="on")
    assert response.status_code == 302
    assert section(draft, "doel").text == "- Honderd daken vol zonnepanelen\n- Een warmtenet"
    assert changed(client, draft) == {}


def test_keep_my_text_notes_the_new_source_as_seen_without_changing_the_text(client, draft, medewerker):
    client.force_login(medewerker)
    edit(client, draft, "doel", "Eigen doel")
    _new_goal(draft, medewerker)
    draft.refresh_from_db()
    sec = section(draft, "doel")
    digest = changed(client, draft)["doel"].digest
    response = client.post(
        reverse("agreements:section_keep", args=[sec.pk]), {"version": draft.version, "seen": digest}
    )
    assert response.status_code == 302
    sec.refresh_from_db()
    assert sec.text == "Eigen doel"
    assert "Een warmtenet" in sec.basis
    assert changed(client, draft) == {}
    entry = ChangeEntry.objects.for_object(draft).first()
    assert any(c.get("field") == "source_kept" for c in entry.changes)
    # A later change of the file shows again.
    partnership_services.add_shared_goal(
        conversation_of(draft.partnership), actor=medewerker, description="Een buurtbatterij", neighbourhood_goals=[]
    )
    assert "doel" in changed(client, draft)


def test_a_stale_takeover_is_refused(client, draft, medewerker):
    _new_goal(draft, medewerker)
    client.force_login(medewerker)
    draft.refresh_from_db()
    old_version = draft.version
    digest = changed(client, draft)["doel"].digest
    edit(client, draft, "overleg", "Elke maand")  # someone else saves meanwhile
    response = client.post(
        reverse("agreements:section_source", args=[section(draft, "doel").pk]),
        {"version": old_version, "seen": digest},
    )
    assert response.status_code == 302
    assert "- Een warmtenet" not in section(draft, "doel").text
    assert any("Someone else" in m or "iemand anders" in m.lower() for m in messages_of(response))
    with pytest.raises(StaleEditError):
        services.take_over_source(section(draft, "doel"), actor=medewerker, expected_version=old_version, seen=digest)


def test_a_source_that_changed_again_since_it_was_seen_is_refused(client, draft, medewerker):
    _new_goal(draft, medewerker)
    client.force_login(medewerker)
    digest = changed(client, draft)["doel"].digest
    partnership_services.add_shared_goal(
        conversation_of(draft.partnership), actor=medewerker, description="Een buurtbatterij", neighbourhood_goals=[]
    )
    draft.refresh_from_db()
    with pytest.raises(services.AgreementError):
        services.take_over_source(section(draft, "doel"), actor=medewerker, expected_version=draft.version, seen=digest)
    assert "warmtenet" not in section(draft, "doel").text


def test_a_coordinator_neither_sees_nor_takes_over_a_changed_source(client, draft, medewerker, coordinator):
    _new_goal(draft, medewerker)
    client.force_login(coordinator)
    assert changed(client, draft) == {}
    sec = section(draft, "doel")
    digest = living.change_of(sec, living.current_sources(draft.partnership)).digest
    for name in ("section_source", "section_keep"):
        response = client.post(reverse(f"agreements:{name}", args=[sec.pk]), {"version": draft.version, "seen": digest})
        assert response.status_code == 404
    assert section(draft, "doel").basis == sec.basis


def test_a_takeover_after_agreement_lets_the_agreement_lapse(client, draft, medewerker, told):
    version = services.freeze(draft, actor=medewerker)
    services.agree(version, side="municipality", actor=medewerker)
    _new_goal(draft, medewerker)
    client.force_login(medewerker)
    take_over(client, draft, "doel")
    version.refresh_from_db()
    assert version.municipality_agreed_at is None
    assert "agreement_withdrawn" in [n.kind for n in told]


def test_a_frozen_version_carries_what_its_sections_were_filled_from(draft, medewerker):
    version = services.freeze(draft, actor=medewerker)
    assert version.sources["doel"] == "- Honderd daken vol zonnepanelen"
    assert "Buurtavond organiseren" in version.sources["activiteiten"]


# --- status and notices ------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["exploring", "in_conversation"])
def test_both_sides_agreeing_records_the_agreements_and_the_history_says_why(
    draft, medewerker, coordinator, start, told
):
    Partnership.objects.filter(pk=draft.partnership_id).update(status=start)
    version = services.freeze(draft, actor=medewerker)
    services.agree(version, side="municipality", actor=medewerker)
    assert Partnership.objects.get(pk=draft.partnership_id).status == start
    services.agree(version, side="initiative", actor=coordinator)
    partnership = Partnership.objects.get(pk=draft.partnership_id)
    assert partnership.status == Partnership.Status.AGREEMENTS_RECORDED
    moves = list(partnership.status_changes.order_by("pk").values_list("to_status", "note"))
    expected = ["in_conversation", "agreements_recorded"] if start == "exploring" else ["agreements_recorded"]
    assert [to for to, _note in moves[-len(expected) :]] == expected
    assert all(note == "both sides agreed to version 1" for _to, note in moves[-len(expected) :])
    entry = ChangeEntry.objects.for_object(partnership).filter(action=ChangeEntry.Action.TRANSITION).first()
    with translation.override("nl"):
        shown = readable([entry], coordinator)[0]
    assert shown.note == "beide partijen gingen akkoord met versie 1"
    # Each move of the status is told too (partnerships.services.change_status), after the agreement.
    kinds = [n.kind for n in told]
    assert kinds == ["version_fixed", "agreement_given", "agreement_given"] + ["status_changed"] * len(expected)
    given = told[2]
    assert given.actor == coordinator and given.url == reverse("agreements:draft", args=[draft.pk])


def test_a_partnership_already_further_along_keeps_its_status(draft, medewerker, coordinator):
    Partnership.objects.filter(pk=draft.partnership_id).update(status="active")
    version = services.freeze(draft, actor=medewerker)
    services.agree(version, side="municipality", actor=medewerker)
    services.agree(version, side="initiative", actor=coordinator)
    assert Partnership.objects.get(pk=draft.partnership_id).status == "active"
    assert Draft.objects.get(pk=draft.pk).status == Draft.Status.FINAL


def test_agreeing_through_the_pages_moves_the_status(client, draft, medewerker, coordinator):
    Partnership.objects.filter(pk=draft.partnership_id).update(status="in_conversation")
    version = services.freeze(draft, actor=medewerker)
    client.force_login(medewerker)
    client.post(reverse("agreements:agree", args=[version.pk]))
    client.force_login(coordinator)
    response = client.post(reverse("agreements:agree", args=[version.pk]))
    assert response.status_code == 302
    assert Partnership.objects.get(pk=draft.partnership_id).status == "agreements_recorded"


def test_a_side_withdraws_its_agreement_and_the_other_side_hears_of_it(client, draft, medewerker, coordinator, told):
    version = services.freeze(draft, actor=medewerker)
    client.force_login(coordinator)
    client.post(reverse("agreements:agree", args=[version.pk]))
    html = client.get(reverse("agreements:draft", args=[draft.pk])).content.decode()
    assert "Mijn akkoord intrekken" in html
    response = client.post(reverse("agreements:withdraw", args=[version.pk]))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.initiative_agreed_at is None
    assert told[-1].kind == "agreement_withdrawn" and told[-1].actor == coordinator
    # Nothing left to withdraw.
    client.post(reverse("agreements:withdraw", args=[version.pk]))
    assert [n.kind for n in told].count("agreement_withdrawn") == 1


def test_an_agreement_of_both_sides_cannot_be_withdrawn(final_draft, medewerker):
    version = final_draft.versions.get()
    with pytest.raises(services.AgreementError):
        services.withdraw_agreement(version, side="municipality", actor=medewerker)


def test_a_comment_is_told_to_the_other_side_with_its_text(client, draft, coordinator, told):
    client.force_login(coordinator)
    client.post(reverse("agreements:comment", args=[draft.pk]), {"section": "doel", "text": "Ook warmte?"})
    assert [n.kind for n in told] == ["draft_comment"]
    assert told[0].summary == "Ook warmte?" and told[0].url.endswith("#sectie-doel")


def test_the_notice_kinds_have_labels():
    kinds = notices.kinds()
    for kind in ("version_fixed", "agreement_given", "agreement_withdrawn", "draft_comment"):
        assert "%(actor)s" in str(kinds[kind]) and "%(initiative)s" in str(kinds[kind])


# --- query count -------------------------------------------------------------------------------


def _grow(draft, medewerker, n, start=0):
    conversation = conversation_of(draft.partnership)
    for i in range(start, start + n):
        partnership_services.add_need(
            conversation,
            actor=medewerker,
            values={
                "direction": ["initiative", "municipality"][i % 2],
                "category": "knowledge",
                "description": f"N{i}",
            },
        )
        partnership_services.add_activity(
            draft.partnership, actor=medewerker, values={"what": f"Activiteit {i}", "responsible": "both"}
        )


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_draft_page_with_changed_sources_costs_the_same_queries_at_1_and_50_needs_and_activities(
    client, partnership, medewerker
):
    draft = services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)
    url = reverse("agreements:draft", args=[draft.pk])
    client.force_login(medewerker)
    _grow(draft, medewerker, 1)
    one, html = _queries(client, url)
    assert_on_page(html, ["N0", "Activiteit 0", "De bron van deze sectie is gewijzigd"])
    _grow(draft, medewerker, 49, start=1)
    fifty, html = _queries(client, url)
    assert_on_page(html, [f"N{i}" for i in range(50)] + [f"Activiteit {i}" for i in range(50)])
    assert one == fifty


# --- valid HTML ------------------------------------------------------------------------------


@pytest.mark.skipif(not JAR.exists() or shutil.which("java") is None, reason="vnu.jar or Java missing (make vnu)")
def test_the_changed_source_and_its_confirmation_page_are_valid_html(client, draft, medewerker, tmp_path):
    client.force_login(medewerker)
    edit(client, draft, "doel", "Eigen doel")
    _new_goal(draft, medewerker)
    partnership_services.add_need(
        conversation_of(draft.partnership),
        actor=medewerker,
        values={"direction": "municipality", "category": "data", "description": "Cijfers"},
    )
    pages = {
        "draft.html": reverse("agreements:draft", args=[draft.pk]),
        "confirm.html": reverse("agreements:section_source", args=[section(draft, "doel").pk]),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200
        (tmp_path / name).write_text(response.content.decode())
    assert "Eigen tekst houden" in (tmp_path / "confirm.html").read_text()
    errors = vnu_errors(sorted(tmp_path.glob("*.html")))
    assert not errors, errors
