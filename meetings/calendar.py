"""The meeting as an iCalendar invitation (RFC 5545, iTIP RFC 5546), built with the `icalendar`
library: the `.ics` download and the attachment of the invitation mails.

Every version of a meeting's invitation carries the same UID; a change or a cancellation raises
the SEQUENCE, so a calendar replaces the event it has (METHOD:REQUEST) or removes it
(METHOD:CANCEL) instead of adding another one.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from core.site import site_url

PRODID = "-//Wijkpartner//Overleggen//NL"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
FILENAME = "uitnodiging.ics"


def mimetype(method: str) -> str:
    return f"text/calendar; method={method}; charset=utf-8"


def meeting_url(meeting) -> str:
    """The meeting's page as a full address when SITE_URL is set, else its path."""
    return site_url() + reverse("meetings:detail", args=[meeting.pk])


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def build(meeting, participants=None, *, method: str | None = None, now=None, organiser: str = "") -> str:
    """The invitation's text, in the installation's language (one file goes to both sides)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _build(meeting, participants, method=method, now=now, organiser=organiser)


def _build(meeting, participants, *, method, now, organiser) -> str:
    """The invitation's text. `method` is REQUEST, or CANCEL for a cancelled meeting (the default
    follows the meeting). `participants` are the users invited (default: the meeting's);
    `organiser` names the municipality (the ORGANIZER's CN, with the planner)."""
    method = method or (CANCEL if meeting.cancelled else REQUEST)
    participants = list(meeting.participants.all()) if participants is None else list(participants)
    initiative = meeting.partnership.initiative.name
    url = meeting_url(meeting)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)

    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", _utc(now or timezone.now()))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", _("Meeting %(initiative)s") % {"initiative": initiative})
    if meeting.place:
        event.add("location", meeting.place)
    description = [meeting.agenda.strip()] if meeting.agenda.strip() else []
    if meeting.video_url and meeting.location:
        description.append(_("Video link: %(url)s") % {"url": meeting.video_url})
    if meeting.cancelled and meeting.cancel_reason:
        description.append(_("Cancelled: %(reason)s") % {"reason": meeting.cancel_reason})
    description.append(_("The meeting in Wijkpartner: %(url)s") % {"url": url})
    event.add("description", "\n\n".join(description))
    if url.startswith(("https://", "http://")):
        event.add("url", url)
    planner = meeting.created_by
    organiser = organiser or _("Municipality")
    organiser_name = f"{organiser} ({planner})" if planner is not None else organiser
    event.add("organizer", _address(settings.DEFAULT_FROM_EMAIL, organiser_name))
    for person in participants:
        if person.email:
            event.add(
                "attendee",
                _address(
                    person.email,
                    str(person),
                    ROLE="REQ-PARTICIPANT",
                    PARTSTAT="NEEDS-ACTION",
                    RSVP="FALSE",
                ),
            )
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
