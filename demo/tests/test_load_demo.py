import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from neighbourhoods.models import Municipality, Neighbourhood
from partnerships.models import Initiative


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_demo_users_can_log_in(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    counts = (
        Municipality.objects.count(),
        Neighbourhood.objects.count(),
        User.objects.count(),
        Initiative.objects.count(),
    )
    versions = sorted(Neighbourhood.objects.values_list("version", flat=True))
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert counts == (1, 51, 4, 3)
    assert (
        Municipality.objects.count(),
        Neighbourhood.objects.count(),
        User.objects.count(),
        Initiative.objects.count(),
    ) == counts
    assert sorted(Neighbourhood.objects.values_list("version", flat=True)) == versions
    assert Neighbourhood.objects.get(code="WK040201").name == "Wijk 01 Centrum"
    from neighbourhoods.models import Goal, RoleDecision

    # The demo shows neighbourhoods with and without roles and goals.
    assert RoleDecision.objects.filter(neighbourhood__code="WK040201").exists()
    assert Goal.objects.filter(neighbourhoods__code="BU04020101").count() == 3
    assert (
        Neighbourhood.objects.filter(kind="buurt")
        .exclude(parent__code="WK040201")
        .exclude(goals__isnull=False)
        .exists()
    )
    # Step 3 and the coordinator of exactly one initiative, with shared and internal log entries.
    from partnerships.models import ContactLogEntry, CoordinatorAccess
    from policies.models import PolicyVersion

    assert PolicyVersion.objects.current() is not None
    access = CoordinatorAccess.objects.get(user__email="coordinator@voorbeeld.nl")
    assert set(ContactLogEntry.objects.filter(initiative=access.initiative).values_list("visibility", flat=True)) == {
        "shared",
        "internal",
    }
    assert Initiative.objects.without_active_contact().count() == 0
    from partnerships.models import Partnership

    # Partnerships in several states, one of them stopped together with its reasons.
    assert set(Partnership.objects.values_list("status", flat=True)) == {"active", "stopped_together", "exploring"}
    stopped = Partnership.objects.get(status="stopped_together")
    assert stopped.stop_reasons and stopped.stop_agreed_by and stopped.stop_date
    assert Partnership.objects.get(status="active").assessments.exists()
    # ... and a complete Wijkkompas discussion.
    discussion = Partnership.objects.get(status="active").wijkkompas_discussions.get()
    assert discussion.completed_on and discussion.node_needs.exists()
    assert all("(fictief)" in name for name in Initiative.objects.values_list("name", flat=True))
    response = client.post(
        "/accounts/inloggen/", {"username": "medewerker@voorbeeld.nl", "password": "wijkpartner-demo"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_load_demo_refuses_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not User.objects.exists()


def test_the_demo_has_signatories_an_agreement_ready_to_sign_and_a_signed_one_with_its_package(db):
    import io
    import zipfile

    from django.core.management import call_command

    from agreements import archive, docx, pdf
    from agreements.models import Draft, Signatory, SignedScan

    call_command("load_demo", stdout=io.StringIO())
    assert Signatory.objects.filter(party="municipality", function="gemandateerde").exclude(mandate="").exists()
    assert Signatory.objects.filter(party="initiative").count() == 2
    scan = SignedScan.objects.get()
    assert scan.signed_on and scan.version.college_decision_reference
    ready = Draft.objects.get(form="afsprakenlijst", status="final")
    assert not ready.scans.exists()
    version = ready.versions.get()
    assert version.parties["signatories"]["initiative"]
    assert docx.render(version)[:2] == b"PK" and b"pdfaid" in pdf.render(version)
    with zipfile.ZipFile(io.BytesIO(archive.package(scan.draft))) as package:
        assert "informatieobject.mdto.xml" in package.namelist()


@pytest.mark.django_db
def test_load_demo_gives_two_years_of_made_up_cbs_figures_marked_as_demo(client):
    from neighbourhoods.cbs_facts import DEMO_SOURCE
    from neighbourhoods.importing import import_file
    from neighbourhoods.models import NeighbourhoodFact

    call_command("load_demo", stdout=open("/dev/null", "w"))
    count = NeighbourhoodFact.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert NeighbourhoodFact.objects.count() == count > 0
    assert not NeighbourhoodFact.objects.exclude(demo=True).exists()
    assert set(NeighbourhoodFact.objects.values_list("source", flat=True)) == {DEMO_SOURCE}
    buurt = NeighbourhoodFact.objects.filter(neighbourhood__code="BU04020101")
    assert set(buurt.values_list("year", flat=True)) == {2022, 2024}
    assert NeighbourhoodFact.objects.filter(neighbourhood__code="WK040201", derived=True).exists()
    # A real import of that buurt replaces its demo figures; they never mix.
    csv = "code;naam;jaar;woningvoorraad\nBU04020101;Centrum;2024;1234\n"
    import_file("echt.csv", csv.encode())
    assert set(buurt.values_list("demo", "value")) == {(False, 1234.0)}


@pytest.mark.django_db
def test_the_demo_shows_both_sides_at_work_with_unread_notices_for_each(client):
    """A planned meeting with its agenda, a held one with its report, documents shared both ways,
    activities with a person and progress notes, and unread notices for staff and coordinator."""
    from django.utils import timezone

    from documents.models import Document
    from meetings.models import Meeting
    from notifications import inbox
    from notifications.models import Notification
    from partnerships.models import Activity, ActivityNote

    call_command("load_demo", stdout=open("/dev/null", "w"))
    counts = (Meeting.objects.count(), Document.objects.count(), Notification.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert (Meeting.objects.count(), Document.objects.count(), Notification.objects.count()) == counts

    now = timezone.now()
    planned = Meeting.objects.upcoming(now).get()
    assert "Buurtavond organiseren (demo)" in planned.agenda  # proposed from the open activities
    assert planned.participants.filter(email="coordinator@voorbeeld.nl").exists()
    held = Meeting.objects.past(now).get()
    assert held.report.discussed and held.report.decisions and held.comments.exists()
    assert Document.objects.filter(from_initiative=True, shared_with_initiative=True).exists()
    assert Document.objects.filter(from_initiative=False, shared_with_initiative=True).exists()
    assert Document.objects.filter(shared_with_initiative=False).exists()
    assert Activity.objects.filter(responsible_person__email="coordinator@voorbeeld.nl", status="in_progress").exists()
    assert ActivityNote.objects.filter(author__email="coordinator@voorbeeld.nl").exists()
    assert ActivityNote.objects.filter(author__email="medewerker@voorbeeld.nl").exists()

    staff = User.objects.get(email="medewerker@voorbeeld.nl")
    coordinator = User.objects.get(email="coordinator@voorbeeld.nl")
    staff_kinds = set(inbox.unread(staff).values_list("kind", flat=True))
    coordinator_kinds = set(inbox.unread(coordinator).values_list("kind", flat=True))
    # What the coordinator did reaches staff; what staff did reaches the coordinator.
    assert {"activity_updated", "activity_note", "document_shared", "report_comment"} <= staff_kinds
    assert {"meeting_planned", "report_written", "document_shared", "activity_note"} <= coordinator_kinds
    # Internal documents reach no coordinator.
    assert not inbox.for_user(coordinator).filter(summary="Interne notitie budget (demo)").exists()

    for user, sees in [(staff, "Affiche buurtavond (demo)"), (coordinator, "Wijkuitvoeringsplan Centrum (demo)")]:
        client.force_login(user)
        html = client.get("/").content.decode()
        assert "Nieuw sinds uw vorige bezoek" in html and sees in html
