"""The invitation as iCalendar: parsed back with the icalendar library."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from icalendar import Calendar

from meetings import calendar, services
from meetings.tests.helpers import at, coordinator_of, plan
from neighbourhoods.tests.factories import MunicipalityFactory
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(medewerker):
    partnership = PartnershipFactory(initiative__name="Zon op Zuid")
    coordinator = coordinator_of(partnership.initiative, full_name="Cora", email="cora@example.org")
    return plan(partnership, medewerker, [coordinator, medewerker], agenda="1. Opening\n2. Subsidie")


def event_of(text):
    cal = Calendar.from_ical(text)
    return cal, cal.walk("VEVENT")[0]


@override_settings(SITE_URL="https://wijkpartner.example.nl", DEFAULT_FROM_EMAIL="wijkpartner@gemeente.example.nl")
def test_the_invitation_has_everything_a_calendar_needs(meeting, medewerker):
    MunicipalityFactory(name="Gemeente Voorbeeld")
    cal, event = event_of(calendar.build(meeting, organiser="Gemeente Voorbeeld"))
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]) == calendar.PRODID and cal["METHOD"] == "REQUEST"
    assert str(event["UID"]) == meeting.uid and int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0), "in UTC"
    assert event.decoded("DTEND") == meeting.starts_at + datetime.timedelta(minutes=90)
    assert "DTSTAMP" in event
    assert str(event["SUMMARY"]) == "Overleg Zon op Zuid"
    assert str(event["LOCATION"]) == "Buurthuis De Linde"
    url = "https://wijkpartner.example.nl" + reverse("meetings:detail", args=[meeting.pk])
    assert "2. Subsidie" in str(event["DESCRIPTION"]) and url in str(event["DESCRIPTION"])
    assert str(event["URL"]) == url
    assert str(event["ORGANIZER"]) == "mailto:wijkpartner@gemeente.example.nl"
    assert "Gemeente Voorbeeld" in event["ORGANIZER"].params["CN"]
    attendees = event["ATTENDEE"]
    assert sorted(str(a) for a in attendees) == sorted(["mailto:cora@example.org", f"mailto:{medewerker.email}"])
    for attendee in attendees:
        assert attendee.params["ROLE"] == "REQ-PARTICIPANT" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "FALSE" and attendee.params["CN"]
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_video_meeting_has_the_link_as_its_location(medewerker):
    partnership = PartnershipFactory()
    meeting = plan(partnership, medewerker, [medewerker], location="", video_url="https://meet.example.org/abc")
    _, event = event_of(calendar.build(meeting))
    assert str(event["LOCATION"]) == "https://meet.example.org/abc"


def test_the_uid_stays_and_the_sequence_rises_with_each_change_and_the_cancellation(meeting, medewerker):
    uid = meeting.uid
    meeting, _ = services.update_meeting(
        meeting, actor=medewerker, expected_version=meeting.version, values={"starts_at": at(8), "ends_at": at(8, 21)}
    )
    _, updated = event_of(calendar.build(meeting))
    assert str(updated["UID"]) == uid and int(updated["SEQUENCE"]) == 1
    meeting = services.cancel_meeting(meeting, actor=medewerker, reason="Zaal dicht")
    cal, cancelled = event_of(calendar.build(meeting))
    assert cal["METHOD"] == "CANCEL" and str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["UID"]) == uid and int(cancelled["SEQUENCE"]) == 2
    assert "Zaal dicht" in str(cancelled["DESCRIPTION"])


def test_the_ics_download_is_a_calendar_file(client, meeting, medewerker):
    client.force_login(medewerker)
    response = client.get(reverse("meetings:ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert 'attachment; filename="uitnodiging.ics"' == response["Content-Disposition"]
    _, event = event_of(response.content)
    assert str(event["UID"]) == meeting.uid
