"""The partnership as ongoing work of two sides, in two browsers: staff plan a meeting and both get the
invitation (a valid iCalendar REQUEST); the coordinator updates an activity and shares a document,
and staff find both on their home page and in their mail; the draft agreement shows the changed
file and takes it over; both sides agree and the partnership's status moves by itself."""

import re
from datetime import date, timedelta

import icalendar
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import NotificationMail, Role
from accounts.tests.factories import UserFactory
from documents.tests import files
from meetings.models import Meeting
from neighbourhoods.tests.factories import MunicipalityFactory
from partnerships import services as partnership_services
from partnerships.models import CoordinatorAccess, Partnership
from partnerships.tests.factories import PartnershipFactory
from tests.browser.test_agreements import PASSWORD, log_in

INITIATIVE = "Zonnig Zuid (fictief)"


def setup():
    MunicipalityFactory(name="Gemeente Voorbeeld")
    staff = UserFactory(
        email="mo@gemeente.example",
        full_name="Mo Medewerker",
        role=Role.MEDEWERKER,
        notification_mail=NotificationMail.IMMEDIATE,
    )
    cor = UserFactory(
        email="cor@initiatief.example",
        full_name="Cor Coördinator",
        role=Role.COORDINATOR,
        notification_mail=NotificationMail.IMMEDIATE,
    )
    for user in (staff, cor):
        user.set_password(PASSWORD)
        user.save()
    partnership = PartnershipFactory(
        initiative__name=INITIATIVE, initiative__contact=staff, status="in_conversation", intensity="zwaar"
    )
    CoordinatorAccess.objects.create(user=cor, initiative=partnership.initiative)
    conversation = partnership_services.add_conversation(
        partnership,
        actor=staff,
        values={"date": date(2026, 10, 1), "participants": "Mo en Cor", "summary": "Kennismaking."},
    )
    partnership_services.add_need(
        conversation,
        actor=staff,
        values={"direction": "initiative", "category": "budget", "description": "Procesgeld", "met": False},
    )
    partnership_services.add_activity(
        partnership,
        actor=staff,
        values={"what": "Buurtavond organiseren", "responsible": "initiative", "responsible_person": cor},
    )
    return staff, cor, partnership, conversation


def invitation(message):
    """The calendar attachment of a mail, parsed."""
    parts = [part for part in message.message().walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1, f"{message.subject}: {len(parts)} calendar attachments"
    return icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))


def test_two_sides_plan_meet_share_and_agree(page, browser, live_server, transactional_db, assert_accessible, request):
    from django.core import mail

    staff, cor, partnership, conversation = setup()
    detail = f"{live_server.url}/partnerschappen/{partnership.pk}/"
    mail.outbox.clear()

    # Staff plan a meeting with the coordinator.
    log_in(page, live_server, staff.email)
    page.goto(detail)
    page.get_by_role("link", name="Overleg plannen").click()
    expect(page.get_by_label("Agenda")).to_contain_text("Buurtavond organiseren")  # proposed from the file
    assert_accessible(page)
    starts = timezone.localdate() + timedelta(days=7)
    page.get_by_label("Begint om").fill(f"{starts:%Y-%m-%d}T19:30")
    page.get_by_label("Plaats").fill("Buurthuis De Linde")
    page.get_by_label("Mo Medewerker (gemeente)").check()
    page.get_by_label("Cor Coördinator (initiatief)").check()
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overleg")
    expect(page.get_by_text("Buurthuis De Linde").first).to_be_visible()
    assert_accessible(page)

    # Both receive the invitation at once, with a valid iCalendar REQUEST attached.
    meeting = Meeting.objects.get()
    invitations = {m.to[0]: m for m in mail.outbox}
    assert set(invitations) == {staff.email, cor.email}
    for message in invitations.values():
        calendar = invitation(message)
        assert calendar["METHOD"] == "REQUEST"
        event = calendar.walk("VEVENT")[0]
        assert str(event["UID"]) == f"{meeting.uuid}@wijkpartner"
        attendees = event.get("ATTENDEE")
        attendees = attendees if isinstance(attendees, list) else [attendees]
        assert {str(a).lower().removeprefix("mailto:") for a in attendees} == {staff.email, cor.email}
        assert event.decoded("DTSTART") == meeting.starts_at
    mail.outbox.clear()

    # The coordinator, in a browser of their own, updates their activity and shares a document.
    context = browser.new_context(locale="nl-NL")
    request.addfinalizer(context.close)
    cpage = context.new_page()
    log_in(cpage, live_server, cor.email)
    cpage.goto(detail)
    cpage.get_by_role("link", name="bijwerken Buurtavond organiseren").click()
    cpage.get_by_label("Status").select_option("in_progress")
    cpage.get_by_role("button", name="Opslaan").click()
    expect(cpage.get_by_role("row", name=re.compile("Buurtavond organiseren"))).to_contain_text("bezig")
    cpage.goto(detail)
    cpage.get_by_role("link", name="Document toevoegen", exact=True).click()
    assert_accessible(cpage)
    cpage.get_by_label("Bestand").set_input_files(
        {"name": "affiche.pdf", "mimeType": "application/pdf", "buffer": files.pdf()}
    )
    cpage.get_by_label("Titel").fill("Affiche buurtavond")
    cpage.get_by_role("button", name="Uploaden").click()
    expect(cpage.get_by_role("heading", level=1)).to_have_text("Affiche buurtavond")
    assert_accessible(cpage)

    # Staff see both on their home page and in their mail.
    page.goto(live_server.url + "/")
    new = page.locator("#nieuw")
    expect(new.get_by_role("heading", name="Nieuw sinds uw vorige bezoek")).to_be_visible()
    expect(new).to_contain_text("Buurtavond organiseren")
    expect(new).to_contain_text("Affiche buurtavond")
    assert_accessible(page)
    page.get_by_role("link", name="Alle meldingen").click()
    expect(page.locator("main")).to_contain_text("Affiche buurtavond")
    assert_accessible(page)
    to_staff = [m for m in mail.outbox if m.to == [staff.email]]
    assert len(to_staff) == 2, [m.subject for m in mail.outbox]
    bodies = " ".join(m.body for m in to_staff)
    assert "Buurtavond organiseren" in bodies and "Affiche buurtavond" in bodies
    assert all(INITIATIVE in m.subject for m in to_staff)

    # Staff make a draft; the file changes (a new need) and the draft shows it and takes it over.
    page.goto(detail)
    page.get_by_role("link", name="Concept-afspraken").last.click()
    page.get_by_role("button", name="Concept maken").click()
    draft_url = page.url
    partnership_services.add_need(
        conversation,
        actor=staff,
        values={"direction": "municipality", "category": "reach", "description": "Bereik in de straat"},
    )
    page.goto(draft_url)
    expect(page.get_by_text("De bron van deze sectie is gewijzigd")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Nieuwe tekst overnemen").click()
    expect(page.get_by_text("De bron van deze sectie is gewijzigd")).to_have_count(0)
    expect(page.get_by_text("Bereik in de straat").first).to_be_visible()

    # Both agree to the frozen version; the partnership's status follows by itself.
    page.get_by_role("button", name="Versie vastzetten voor bespreking").click()
    page.get_by_role("button", name=re.compile("Akkoord met deze versie")).click()
    expect(page.get_by_text("Uw akkoord met versie 1 is vastgelegd.")).to_be_visible()
    cpage.goto(draft_url)
    cpage.get_by_role("button", name=re.compile("Akkoord met deze versie")).click()
    expect(cpage.get_by_text("Beide partijen zijn akkoord met versie 1")).to_be_visible()
    cpage.goto(detail)
    expect(cpage.locator("main")).to_contain_text("afspraken vastgelegd")
    assert Partnership.objects.get(pk=partnership.pk).status == "agreements_recorded"
