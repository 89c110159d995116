"""Planning, changing and cancelling a meeting, the report with its activities and comments: what is
saved, the history, who is told, and what is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from accounts.tests.factories import UserFactory
from core.exceptions import ActionRefused
from core.models import ChangeEntry
from meetings import services
from meetings.models import DEFAULT_DURATION
from meetings.tests.helpers import Told, at, coordinator_of, plan
from partnerships import notices
from partnerships import services as partnership_services
from partnerships.models import Activity
from partnerships.tests.factories import PartnershipFactory
from partnerships.workflow import PartnershipClosedError

pytestmark = pytest.mark.django_db


@pytest.fixture
def told():
    receiver = Told()
    notices.file_event.connect(receiver)
    yield receiver
    notices.file_event.disconnect(receiver)


@pytest.fixture
def partnership():
    return PartnershipFactory(initiative__name="Energie Oost", status="in_conversation")


@pytest.fixture
def coordinator(partnership):
    return coordinator_of(partnership.initiative, full_name="Cora Coördinator", email="cora@example.org")


def parse(notice):
    filename, content, mimetype = notice.attachment
    return filename, Calendar.from_ical(content), mimetype


def test_planning_saves_the_meeting_and_invites_every_participant_and_the_planner(
    partnership, coordinator, medewerker, told
):
    colleague = UserFactory(medewerker=True)
    meeting = plan(partnership, medewerker, [coordinator, colleague])

    assert meeting.ends_at == meeting.starts_at + DEFAULT_DURATION
    assert meeting.uid.endswith("@wijkpartner") and meeting.sequence == 0
    assert set(meeting.participants.all()) == {coordinator, colleague}
    [notice] = told.notices
    assert notice.kind == "meeting_planned" and notice.immediate
    assert set(notice.recipients) == {coordinator, colleague, medewerker}
    filename, cal, mimetype = parse(notice)
    assert filename == "uitnodiging.ics"
    assert mimetype == "text/calendar; method=REQUEST; charset=utf-8"
    assert cal["METHOD"] == "REQUEST"
    assert ChangeEntry.objects.for_object(meeting).get().action == ChangeEntry.Action.CREATE
    assert ChangeEntry.objects.for_object(partnership).filter(changes__0__field="meeting_planned").exists()


def test_a_coordinator_of_another_initiative_cannot_be_invited(partnership, medewerker):
    stranger = coordinator_of(PartnershipFactory().initiative)
    with pytest.raises(ValidationError) as error:
        plan(partnership, medewerker, [stranger])
    assert "participants" in error.value.message_dict


def test_a_revoked_coordinator_cannot_be_invited(partnership, coordinator, medewerker):
    coordinator.coordinator_access.update(revoked_at=at(-1))
    with pytest.raises(ValidationError):
        plan(partnership, medewerker, [coordinator])


def test_end_before_start_and_a_plain_http_video_link_are_refused(partnership, coordinator, medewerker):
    with pytest.raises(ValidationError) as error:
        plan(partnership, medewerker, [coordinator], ends_at=at(7, 18))
    assert "ends_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        plan(partnership, medewerker, [coordinator], video_url="http://meet.example.org/x")
    assert "video_url" in error.value.message_dict


def test_an_update_keeps_the_uid_and_raises_the_sequence(partnership, coordinator, medewerker, told):
    meeting = plan(partnership, medewerker, [coordinator])
    meeting, changes = services.update_meeting(
        meeting, actor=medewerker, expected_version=meeting.version, values={"location": "Gemeentehuis"}
    )
    assert changes and meeting.sequence == 1 and meeting.location == "Gemeentehuis"
    assert told.kinds() == ["meeting_planned", "meeting_updated"]
    first, second = (parse(n)[1] for n in told.notices)
    event_1, event_2 = first.walk("VEVENT")[0], second.walk("VEVENT")[0]
    assert str(event_1["UID"]) == str(event_2["UID"]) == meeting.uid
    assert int(event_2["SEQUENCE"]) == int(event_1["SEQUENCE"]) + 1
    assert str(event_2["LOCATION"]) == "Gemeentehuis"


def test_an_update_that_changes_nothing_sends_nothing(partnership, coordinator, medewerker, told):
    meeting = plan(partnership, medewerker, [coordinator])
    meeting, changes = services.update_meeting(
        meeting, actor=medewerker, expected_version=meeting.version, values={"location": meeting.location}
    )
    assert changes == [] and meeting.sequence == 0
    assert told.kinds() == ["meeting_planned"]


def test_cancelling_sends_a_cancel_with_the_same_uid_and_a_higher_sequence(partnership, coordinator, medewerker, told):
    meeting = plan(partnership, medewerker, [coordinator])
    meeting = services.cancel_meeting(meeting, actor=medewerker, reason="Ziek")
    assert meeting.cancelled and meeting.sequence == 1
    notice = told.notices[-1]
    assert notice.kind == "meeting_cancelled" and set(notice.recipients) == {coordinator, medewerker}
    _, cal, mimetype = parse(notice)
    assert "method=CANCEL" in mimetype and cal["METHOD"] == "CANCEL"
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.uid and int(event["SEQUENCE"]) == 1 and str(event["STATUS"]) == "CANCELLED"
    with pytest.raises(ActionRefused):
        services.cancel_meeting(meeting, actor=medewerker)
    with pytest.raises(ActionRefused):
        services.update_meeting(meeting, actor=medewerker, expected_version=meeting.version, values={"agenda": "x"})


def test_a_closed_partnership_refuses_every_change(partnership, coordinator, medewerker):
    meeting = plan(partnership, medewerker, [coordinator])
    services.write_report(meeting, actor=medewerker, discussed="Besproken")
    partnership.status = "ended"
    partnership.save()
    with pytest.raises(PartnershipClosedError):
        plan(partnership, medewerker, [coordinator])
    with pytest.raises(PartnershipClosedError):
        services.cancel_meeting(meeting, actor=medewerker)
    with pytest.raises(PartnershipClosedError):
        services.write_report(meeting, actor=medewerker, discussed="x")
    with pytest.raises(PartnershipClosedError):
        services.add_comment(meeting, actor=coordinator, text="x")


def test_the_report_adds_activities_linked_to_the_conversation_and_tells_the_other_side(
    partnership, coordinator, medewerker, told
):
    conversation = partnership_services.add_conversation(
        partnership, actor=medewerker, values={"date": datetime.date(2026, 1, 5)}
    )
    meeting = plan(partnership, medewerker, [coordinator], conversation=conversation)
    report = services.write_report(
        meeting,
        actor=medewerker,
        discussed="De subsidie",
        decisions="We vragen aan",
        activities=[{"what": "Aanvraag schrijven", "responsible": "initiative", "due_date": datetime.date(2026, 3, 1)}],
    )
    assert report.written_by == medewerker
    activity = Activity.objects.get(what="Aanvraag schrijven")
    assert activity.partnership == partnership and activity.conversation == conversation
    assert activity.responsible == "initiative" and activity.due_date == datetime.date(2026, 3, 1)
    notice = told.notices[-1]
    assert notice.kind == "report_written" and notice.recipients is None and notice.summary == "De subsidie"

    services.write_report(meeting, actor=medewerker, discussed="De subsidie, herzien")
    report.refresh_from_db()
    assert report.discussed == "De subsidie, herzien"
    assert told.kinds()[-1] == "report_updated"


def test_a_comment_needs_a_report_and_tells_the_other_side(partnership, coordinator, medewerker, told):
    meeting = plan(partnership, medewerker, [coordinator])
    with pytest.raises(ActionRefused):
        services.add_comment(meeting, actor=coordinator, text="Eerder?")
    services.write_report(meeting, actor=medewerker, discussed="Besproken")
    comment = services.add_comment(meeting, actor=coordinator, text="Klopt, dank")
    assert comment.author == coordinator
    notice = told.notices[-1]
    assert notice.kind == "report_comment" and notice.actor == coordinator and notice.recipients is None


def test_the_agenda_is_prefilled_from_open_needs_and_open_activities(partnership, medewerker):
    conversation = partnership_services.add_conversation(
        partnership, actor=medewerker, values={"date": datetime.date(2026, 1, 5)}
    )
    for description, met in [("Buurtdata", False), ("Zaalhuur", True)]:
        need = partnership_services.add_need(
            conversation,
            actor=medewerker,
            values={"direction": "initiative", "category": "data", "description": description},
        )
        need.met = met
        need.save()
    for what, status in [("Flyer maken", "planned"), ("Oude klus", "done")]:
        partnership_services.add_activity(partnership, actor=medewerker, values={"what": what, "status": status})
    agenda = services.proposed_agenda(partnership)
    assert "Buurtdata" in agenda and "Flyer maken" in agenda
    assert [line[:2] for line in agenda.splitlines() if not line.startswith(" ")] == ["1.", "2.", "3.", "4."]
    assert "Zaalhuur" not in agenda and "Oude klus" not in agenda


def test_every_kind_told_has_a_label():
    for kind in [
        "meeting_planned",
        "meeting_updated",
        "meeting_cancelled",
        "report_written",
        "report_updated",
        "report_comment",
    ]:
        assert notices.label(kind) != kind
        assert "%(actor)s" in str(notices.label(kind))
