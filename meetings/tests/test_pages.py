"""The meetings pages: planning from the form by both sides, the confirmation before cancelling,
the report with new activities, comments, the report's PDF, closed partnerships, query counts."""

import datetime
import io

import pikepdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from core.testing import assert_on_page
from meetings import services
from meetings.models import Meeting, MeetingComment, MeetingReport
from meetings.tests.helpers import at, coordinator_of, plan
from partnerships import services as partnership_services
from partnerships.models import Activity, CoordinatorAccess
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(initiative__name="Energie West", status="in_conversation")


@pytest.fixture
def coordinator(partnership):
    return coordinator_of(partnership.initiative, full_name="Cora Coördinator", email="cora@example.org")


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_staff_plan_a_meeting_from_the_form_with_the_agenda_prefilled(client, partnership, coordinator, medewerker):
    partnership_services.add_activity(partnership, actor=medewerker, values={"what": "Flyer maken"})
    client.force_login(medewerker)
    url = reverse("meetings:plan", args=[partnership.pk])
    page = client.get(url).content.decode()
    assert "Flyer maken" in page and 'type="datetime-local"' in page
    assert escape(coordinator.full_name) in page and escape(medewerker.full_name) in page
    stranger = coordinator_of(PartnershipFactory().initiative, full_name="Vreemde Coördinator")
    assert escape(stranger.full_name) not in page

    response = client.post(
        url,
        {
            "starts_at": local(at(10)),
            "ends_at": "",
            "location": "Buurthuis",
            "video_url": "",
            "participants": [coordinator.pk, medewerker.pk],
            "agenda": "1. Opening",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(minutes=90)
    assert meeting.created_by == medewerker and set(meeting.participants.all()) == {coordinator, medewerker}


def test_the_form_keeps_the_input_and_says_what_is_wrong(client, partnership, coordinator, medewerker):
    client.force_login(medewerker)
    response = client.post(
        reverse("meetings:plan", args=[partnership.pk]),
        {
            "starts_at": local(at(10)),
            "ends_at": local(at(10, 18)),
            "location": "Buurthuis Noord",
            "video_url": "http://meet.example.org/x",
            "participants": [coordinator.pk],
            "agenda": "",
        },
    )
    assert response.status_code == 200 and not Meeting.objects.exists()
    page = response.content.decode()
    assert "Buurthuis Noord" in page
    assert "moet beginnen met https://" in page
    assert "moet eindigen nadat het begint" in page


def test_a_coordinator_plans_a_meeting_for_their_own_initiative(client, partnership, coordinator, medewerker):
    client.force_login(coordinator)
    response = client.post(
        reverse("meetings:plan", args=[partnership.pk]),
        {"starts_at": local(at(3)), "location": "Bij ons", "participants": [coordinator.pk, medewerker.pk]},
    )
    assert response.status_code == 302
    assert Meeting.objects.get().created_by == coordinator


def test_cancelling_asks_for_confirmation_first(client, partnership, coordinator, medewerker):
    meeting = plan(partnership, medewerker, [coordinator])
    client.force_login(medewerker)
    url = reverse("meetings:cancel", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "afzeggen" in page.lower()
    meeting.refresh_from_db()
    assert not meeting.cancelled
    assert client.post(url, {"reason": "Ziek"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.cancelled and meeting.cancel_reason == "Ziek"


def test_the_report_form_adds_activities_and_links_the_open_ones(client, partnership, coordinator, medewerker):
    open_activity = partnership_services.add_activity(partnership, actor=medewerker, values={"what": "Zaal regelen"})
    meeting = plan(partnership, medewerker, [coordinator])
    client.force_login(medewerker)
    url = reverse("meetings:report", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert reverse("partnerships:activity_update", args=[open_activity.pk]) in page
    data = {
        "discussed": "Subsidie besproken",
        "decisions": "Aanvragen",
        "activiteit-TOTAL_FORMS": "3",
        "activiteit-INITIAL_FORMS": "0",
        "activiteit-MIN_NUM_FORMS": "0",
        "activiteit-MAX_NUM_FORMS": "10",
        "activiteit-0-what": "Aanvraag schrijven",
        "activiteit-0-responsible": "initiative",
        "activiteit-0-due_date": "2026-03-01",
        "activiteit-1-what": "",
        "activiteit-1-responsible": "open",
        "activiteit-2-what": "",
        "activiteit-2-responsible": "open",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert MeetingReport.objects.get(meeting=meeting).decisions == "Aanvragen"
    assert Activity.objects.get(what="Aanvraag schrijven").responsible == "initiative"
    assert Activity.objects.count() == 2


def test_the_coordinator_reads_the_report_and_comments(client, partnership, coordinator, medewerker):
    meeting = plan(partnership, medewerker, [coordinator])
    services.write_report(meeting, actor=medewerker, discussed="Subsidie besproken")
    client.force_login(coordinator)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Subsidie besproken" in page
    assert reverse("meetings:comment", args=[meeting.pk]) in page
    assert reverse("meetings:update", args=[meeting.pk]) not in page
    assert reverse("meetings:report", args=[meeting.pk]) not in page
    response = client.post(reverse("meetings:comment", args=[meeting.pk]), {"text": "Dank voor het verslag"})
    assert response.status_code == 302
    assert MeetingComment.objects.get().author == coordinator


def test_a_closed_partnership_is_read_only(client, partnership, coordinator, medewerker):
    meeting = plan(partnership, medewerker, [coordinator])
    services.write_report(meeting, actor=medewerker, discussed="Besproken")
    partnership.status = "ended"
    partnership.save()
    client.force_login(medewerker)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    for name in ["update", "cancel", "report", "comment"]:
        assert reverse(f"meetings:{name}", args=[meeting.pk]) not in page
    assert (
        reverse("meetings:plan", args=[partnership.pk])
        not in client.get(reverse("meetings:partnership", args=[partnership.pk])).content.decode()
    )
    response = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": ""})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert not meeting.cancelled


def test_the_partnership_page_shows_the_next_meeting_and_the_latest_report(
    client, partnership, coordinator, medewerker
):
    held = plan(partnership, medewerker, [coordinator], days=-7)
    services.write_report(held, actor=medewerker, discussed="Besproken")
    upcoming = plan(partnership, medewerker, [coordinator], days=5)
    client.force_login(coordinator)
    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert reverse("meetings:detail", args=[upcoming.pk]) in page
    assert reverse("meetings:detail", args=[held.pk]) + "#verslag" in page
    assert reverse("meetings:partnership", args=[partnership.pk]) in page
    assert reverse("meetings:plan", args=[partnership.pk]) in page


def test_the_report_pdf_is_tagged_dutch_and_has_the_text(client, partnership, coordinator, medewerker):
    meeting = plan(partnership, medewerker, [coordinator])
    partnership_services.add_activity(partnership, actor=medewerker, values={"what": "Flyer maken"})
    services.write_report(meeting, actor=medewerker, discussed="Subsidieaanvraag besproken", decisions="We gaan door")
    services.add_comment(meeting, actor=coordinator, text="Akkoord met het verslag")
    client.force_login(coordinator)
    response = client.get(reverse("meetings:report_pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Verslag overleg Energie West" in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ["Subsidieaanvraag besproken", "We gaan door", "Flyer maken", "Akkoord met het verslag"]:
        assert expected in text
    with pikepdf.open(io.BytesIO(response.content)) as pdf_file:
        assert pdf_file.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in pdf_file.Root
        assert str(pdf_file.Root.Lang) == "nl"
        assert pdf_file.Root.ViewerPreferences.DisplayDocTitle
        assert str(pdf_file.open_metadata().get("dc:title")).startswith("Verslag overleg Energie West")


def test_there_is_no_pdf_without_a_report(client, partnership, coordinator, medewerker):
    meeting = plan(partnership, medewerker, [coordinator])
    client.force_login(medewerker)
    assert client.get(reverse("meetings:report_pdf", args=[meeting.pk])).status_code == 404


# --- query counts ----------------------------------------------------------------------------


def _fill(partnership, n, planner, participants):
    """n upcoming and n past meetings (the past ones with a report), each with the participants."""
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                partnership=partnership,
                starts_at=now + datetime.timedelta(days=sign * (i + 1)),
                ends_at=now + datetime.timedelta(days=sign * (i + 1), hours=1),
                location=f"Zaal {'A' if sign > 0 else 'B'}{i:02d}",
                created_by=planner,
            )
            for sign in (1, -1)
            for i in range(n)
        ]
    )
    through = Meeting.participants.through
    through.objects.bulk_create([through(meeting=m, user=p) for m in meetings for p in participants])
    MeetingReport.objects.bulk_create(
        [MeetingReport(meeting=m, discussed="x", written_by=planner) for m in meetings if m.starts_at < now]
    )
    return meetings


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("role", ["medewerker", "coordinator"])
def test_the_meetings_list_query_count_does_not_grow(client, medewerker, role):
    small, large = PartnershipFactory(), PartnershipFactory()
    people = {}
    for p in (small, large):
        people[p.pk] = coordinator_of(p.initiative, full_name=f"Coördinator {p.pk}")
    _fill(small, 1, medewerker, [medewerker, people[small.pk]])
    _fill(large, 50, medewerker, [medewerker, people[large.pk]])
    user = medewerker if role == "medewerker" else None
    if user is None:
        # One coordinator of both, so the same person opens both lists.
        user = UserFactory(role="coordinator")
        for p in (small, large):
            CoordinatorAccess.objects.create(user=user, initiative=p.initiative)
    client.force_login(user)
    client.get(reverse("meetings:partnership", args=[small.pk]))
    one, page = _queries(client, reverse("meetings:partnership", args=[small.pk]))
    assert_on_page(page, ["Zaal A00", "Zaal B00", people[small.pk].full_name])
    fifty, page = _queries(client, reverse("meetings:partnership", args=[large.pk]))
    assert_on_page(page, [f"Zaal A{i:02d}" for i in range(50)] + [f"Zaal B{i:02d}" for i in range(25)])
    assert "Zaal B25" not in page
    assert one == fifty


def test_the_meeting_page_query_count_does_not_grow(client, partnership, medewerker, coordinator):
    small = plan(partnership, medewerker, [coordinator, medewerker])
    large = plan(partnership, medewerker, [coordinator, medewerker])
    extra = [UserFactory(medewerker=True, full_name=f"Collega {i:02d}") for i in range(48)]
    large.participants.add(*extra)
    for meeting, n in ((small, 1), (large, 50)):
        services.write_report(meeting, actor=medewerker, discussed="Besproken")
        MeetingComment.objects.bulk_create(
            [MeetingComment(meeting=meeting, author=coordinator, text=f"Reactie {i:02d}") for i in range(n)]
        )
    client.force_login(medewerker)
    client.get(reverse("meetings:detail", args=[small.pk]))
    one, page = _queries(client, reverse("meetings:detail", args=[small.pk]))
    assert_on_page(page, ["Reactie 00", coordinator.full_name])
    fifty, page = _queries(client, reverse("meetings:detail", args=[large.pk]))
    assert_on_page(page, [f"Reactie {i:02d}" for i in range(50)] + [u.full_name for u in extra])
    assert one == fifty


def test_changing_a_meeting_from_its_form_raises_the_sequence(client, partnership, coordinator, medewerker):
    meeting = plan(partnership, medewerker, [coordinator])
    client.force_login(medewerker)
    url = reverse("meetings:update", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert f'value="{local(meeting.starts_at)}"' in page, "the form shows the local time"
    data = {
        "version": meeting.version,
        "starts_at": local(meeting.starts_at),
        "ends_at": local(meeting.ends_at),
        "location": "Gemeentehuis",
        "video_url": "",
        "participants": [coordinator.pk, medewerker.pk],
        "other_participants": "",
        "agenda": meeting.agenda,
    }
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.location == "Gemeentehuis" and meeting.sequence == 1
    assert set(meeting.participants.all()) == {coordinator, medewerker}
    # The same form again, opened before that change: refused, the input kept.
    response = client.post(url, {**data, "location": "Bibliotheek"})
    assert response.status_code == 200 and "Bibliotheek" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.location == "Gemeentehuis" and meeting.sequence == 1


def test_a_meeting_that_took_place_cannot_be_cancelled(client, partnership, coordinator, medewerker):
    meeting = plan(partnership, medewerker, [coordinator], days=-2)
    client.force_login(medewerker)
    assert (
        reverse("meetings:cancel", args=[meeting.pk])
        not in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    )
    response = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": ""})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert not meeting.cancelled
