"""No stale page after a write, for the pages cached as HTML in round 2 of the performance work
(docs/performance.md): the home pages of both roles, the inbox and the partnership page. Each test
first loads the page until it comes from the cache (see `cached_page`), then writes through a
service, a view (the admin's path for these models is the same SQL), `QuerySet.update` or a delete,
and expects the next request to show it. The cached HTML holds forms: their CSRF token must be the
one of the request that shows them, never the one of the request that filled the cache."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agreements import services as agreement_services
from agreements.models import DraftVersion
from agreements.tests.test_pdf import text_of
from documents.models import Document
from meetings import services as meeting_services
from meetings.tests.helpers import coordinator_of, plan
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import Neighbourhood, NeighbourhoodFact, Role
from neighbourhoods.tests.factories import BuurtFactory, MunicipalityFactory, WijkFactory
from notifications.models import Notification
from overview.tests.test_cache_invalidation import cached_page, page
from partnerships import services as partnership_services
from partnerships.models import Activity, CoordinatorAccess
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db(transaction=True)  # reference data: conftest.py


@pytest.fixture
def staff(client):
    user = UserFactory(beheerder=True)
    client.force_login(user)
    return user


def notify(user, partnership, summary):
    # As partnerships.notices' receiver writes them (notifications.receivers), in a plain insert.
    return Notification.objects.create(
        recipient=user, partnership=partnership, kind="activity_added", actor_name="Iemand", summary=summary
    )


def test_partnership_page_after_services_an_update_and_a_delete(client, staff):
    partnership = PartnershipFactory(status="in_conversation")
    url = reverse("partnerships:detail", args=[partnership.pk])
    assert "Straatfeest plannen" not in cached_page(client, url, at_most=4)

    partnership_services.add_activity(
        partnership, actor=staff, values={"what": "Straatfeest plannen", "responsible": "municipality"}
    )
    assert "Straatfeest plannen" in page(client, url)

    cached_page(client, url, at_most=4)
    Activity.objects.filter(partnership=partnership).update(what="Buurtborrel plannen")
    assert "Buurtborrel plannen" in page(client, url)  # the history keeps the old text

    # Sections of higher apps (partnerships.sections): a meeting planned, a document renamed.
    cached_page(client, url, at_most=4)
    plan(partnership, staff, [staff], location="Buurthuis Cachetest")
    assert "Buurthuis Cachetest" in page(client, url)
    document = Document.objects.create(partnership=partnership, title="Eerste notitie")
    assert "Eerste notitie" in page(client, url)
    cached_page(client, url, at_most=4)
    Document.objects.filter(pk=document.pk).update(title="Hernoemde notitie")
    assert "Hernoemde notitie" in page(client, url)

    # The partnership itself (read before the cached part, for the permission check).
    cached_page(client, url, at_most=4)
    add_url = reverse("partnerships:activity_create", args=[partnership.pk])
    assert add_url in page(client, url)
    partnership_services.change_status(partnership, "ended", actor=staff)
    assert add_url not in page(client, url)  # a closed partnership: no more adding

    activity_id = f'id="activiteit-{Activity.objects.get(partnership=partnership).pk}"'
    assert activity_id in cached_page(client, url, at_most=4)
    Activity.objects.filter(partnership=partnership).delete()
    assert activity_id not in page(client, url)


def test_partnership_page_forms_carry_the_token_of_the_request_that_shows_them(staff):
    partnership = PartnershipFactory(status="in_conversation")
    coordinator = coordinator_of(partnership.initiative)
    partnership_services.add_activity(partnership, actor=staff, values={"what": "Flyeren", "responsible": "open"})
    activity = Activity.objects.get(partnership=partnership)
    url = reverse("partnerships:detail", args=[partnership.pk])
    first = Client(enforce_csrf_checks=True)
    first.force_login(coordinator)
    cached_page(first, url, at_most=4)  # the cache now holds the page as `first` saw it
    second = Client(enforce_csrf_checks=True)  # another session: another CSRF secret
    second.force_login(coordinator)
    html = page(second, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert "csrf-token-of-this-request" not in html
    response = second.post(reverse("partnerships:activity_take_on", args=[activity.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.taken_on_by == coordinator


def test_staff_home_shows_a_new_notification_at_once_and_a_read_one_goes(client, staff):
    partnership = PartnershipFactory()
    url = reverse("overview:home")
    assert "Nieuwe melding voor de cache" not in cached_page(client, url)
    notification = notify(staff, partnership, "Nieuwe melding voor de cache")
    assert "Nieuwe melding voor de cache" in page(client, url)

    cached_page(client, url)
    client.post(reverse("notifications:read", args=[notification.pk]), {"next": url})  # the service
    assert "Nieuwe melding voor de cache" not in page(client, url)

    cached_page(client, url)
    Notification.objects.filter(pk=notification.pk).update(read_at=None)
    assert "Nieuwe melding voor de cache" in page(client, url)


def test_staff_home_reminders_and_this_week_follow_an_update(client, staff):
    partnership = PartnershipFactory(initiative__contact=staff)
    partnership_services.add_activity(
        partnership, actor=staff, values={"what": "Enquête uitzetten", "responsible": "municipality"}
    )
    url = reverse("overview:home")
    assert "Enquête uitzetten" not in cached_page(client, url)
    overdue = datetime.date.today() - datetime.timedelta(days=3)
    Activity.objects.filter(partnership=partnership).update(due_date=overdue)
    assert "Enquête uitzetten" in page(client, url)


def test_inbox_page_after_a_new_notification_mark_all_read_and_a_delete(client, staff):
    partnership = PartnershipFactory()
    url = reverse("notifications:inbox")
    notify(staff, partnership, "Eerste melding")
    html = cached_page(client, url, at_most=2)
    assert "Eerste melding" in html and "Tweede melding" not in html

    notify(staff, partnership, "Tweede melding")
    assert "Tweede melding" in page(client, url)

    cached_page(client, url, at_most=2)
    client.post(reverse("notifications:read_all"), {"next": url})  # the service
    assert "notification-unread" not in page(client, url)

    cached_page(client, url, at_most=2)
    Notification.objects.filter(summary="Eerste melding").delete()
    assert "Eerste melding" not in page(client, url)


def test_inbox_forms_carry_the_token_of_the_request_that_shows_them(staff):
    partnership = PartnershipFactory()
    notification = notify(staff, partnership, "Te lezen")
    url = reverse("notifications:inbox")
    first = Client(enforce_csrf_checks=True)
    first.force_login(staff)
    cached_page(first, url, at_most=2)
    second = Client(enforce_csrf_checks=True)
    second.force_login(staff)
    html = page(second, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = second.post(reverse("notifications:read", args=[notification.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_coordinator_home_after_a_meeting_report_an_update_and_revoked_access(client, staff):
    partnership = PartnershipFactory(status="in_conversation")
    coordinator = coordinator_of(partnership.initiative)
    partnership_services.add_activity(
        partnership, actor=staff, values={"what": "Flyers maken", "responsible": "initiative"}
    )
    client.force_login(coordinator)
    url = reverse("overview:home")
    assert "Flyers maken" in cached_page(client, url)

    Activity.objects.filter(partnership=partnership).update(what="Posters maken")
    assert "Posters maken" in page(client, url)  # the notification keeps the old text

    # A meeting planned through the service tells the coordinator: the inbox shows it at once.
    cached_page(client, url)
    meeting = plan(partnership, staff, [staff, coordinator])
    assert 'data-notification="meeting_planned"' in page(client, url)
    cached_page(client, url)
    meeting_services.cancel_meeting(meeting, actor=staff, reason="Ziek")
    assert 'data-notification="meeting_cancelled"' in page(client, url)

    cached_page(client, url)
    CoordinatorAccess.objects.filter(user=coordinator).update(revoked_at="2020-01-01T00:00:00Z")
    html = page(client, url)
    assert "Posters maken" not in html and 'data-notification="meeting_planned"' not in html


def test_map_after_a_role_decision_a_renamed_buurt_and_cbs_figures(client, staff):
    wijk = WijkFactory(name="Kaartwijk")
    BuurtFactory(name="Kaartbuurt", parent=wijk)
    url = reverse("overview:map") + "?kleur=rol"
    assert "Kaartbuurt" in cached_page(client, url)

    role = Role.objects.filter(framework__active=True).first()
    neighbourhood_services.set_role_decision(wijk, actor=staff, values={"roles": [role], "rationale": "Omdat."})
    assert role.label in page(client, url)

    cached_page(client, url)
    Neighbourhood.objects.filter(name="Kaartbuurt").update(name="Hernoemde kaartbuurt")
    assert "Hernoemde kaartbuurt" in page(client, url)

    fact_url = reverse("overview:map") + "?kleur=cijfer-woningvoorraad"
    cached_page(client, fact_url)
    buurt = Neighbourhood.objects.get(name="Hernoemde kaartbuurt")
    NeighbourhoodFact.objects.bulk_create(
        [NeighbourhoodFact(neighbourhood=buurt, key="woningvoorraad", year=2024, value=1234)]
    )
    assert "1.234" in page(client, fact_url)


def test_meetings_and_documents_lists_after_a_service_an_update_and_a_delete(client, staff):
    partnership = PartnershipFactory(status="in_conversation")
    meetings_url = reverse("meetings:partnership", args=[partnership.pk])
    documents_url = reverse("documents:list", args=[partnership.pk])
    assert "Buurthuis Lijsttest" not in cached_page(client, meetings_url)
    meeting = plan(partnership, staff, [staff], location="Buurthuis Lijsttest")
    assert "Buurthuis Lijsttest" in page(client, meetings_url)
    cached_page(client, meetings_url)
    meeting_services.cancel_meeting(meeting, actor=staff, reason="Ziek")
    assert "Buurthuis Lijsttest" in page(client, meetings_url)  # still listed, now cancelled
    cached_page(client, meetings_url)
    type(meeting).objects.filter(pk=meeting.pk).update(location="Wijkcentrum Lijsttest")
    assert "Wijkcentrum Lijsttest" in page(client, meetings_url)

    assert "Lijstdocument" not in cached_page(client, documents_url)
    document = Document.objects.create(partnership=partnership, title="Lijstdocument")
    assert "Lijstdocument" in page(client, documents_url)
    cached_page(client, documents_url)
    Document.objects.filter(pk=document.pk).update(title="Hernoemd lijstdocument")
    assert "Hernoemd lijstdocument" in page(client, documents_url)
    cached_page(client, documents_url)
    Document.objects.filter(pk=document.pk).delete()
    assert "Hernoemd lijstdocument" not in page(client, documents_url)

    # A coordinator of another initiative gets no cached copy of what staff saw: a 404.
    other = coordinator_of(PartnershipFactory().initiative)
    client.force_login(other)
    assert client.get(documents_url).status_code == 404
    assert client.get(meetings_url).status_code == 404


def test_meeting_page_after_a_report_a_comment_and_an_update(client, staff):
    partnership = PartnershipFactory(status="in_conversation")
    coordinator = coordinator_of(partnership.initiative)
    meeting = plan(partnership, staff, [staff, coordinator], location="Buurthuis Pagina")
    url = reverse("meetings:detail", args=[meeting.pk])
    assert "Besproken op de cache-avond" not in cached_page(client, url, at_most=5)
    meeting_services.write_report(meeting, actor=staff, discussed="Besproken op de cache-avond")
    assert "Besproken op de cache-avond" in page(client, url)

    cached_page(client, url, at_most=5)
    meeting_services.add_comment(meeting, actor=coordinator, text="Reactie van de coördinator")
    assert "Reactie van de coördinator" in page(client, url)

    cached_page(client, url, at_most=5)
    type(meeting).objects.filter(pk=meeting.pk).update(location="Wijkcentrum Pagina")
    assert "Wijkcentrum Pagina" in page(client, url)

    # The comment form of the cached page carries the token of the request that shows it.
    second = Client(enforce_csrf_checks=True)
    second.force_login(coordinator)
    cached_page(second, url, at_most=5)
    third = Client(enforce_csrf_checks=True)
    third.force_login(coordinator)
    html = page(third, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = third.post(
        reverse("meetings:comment", args=[meeting.pk]), {"csrfmiddlewaretoken": token, "text": "Nog een"}
    )
    assert response.status_code in (200, 302) and response.status_code != 403
    assert "Nog een" in page(third, url)


def test_a_versions_pdf_comes_from_the_cache_until_the_version_changes(client, staff):
    MunicipalityFactory(name="Gemeente Voorbeeld")
    partnership = PartnershipFactory(initiative__name="Zonnig Zuid (fictief)")
    draft = agreement_services.create_draft(partnership, form="intentieovereenkomst", actor=staff)
    version = agreement_services.freeze(draft, actor=staff)
    url = reverse("agreements:pdf", args=[version.pk])
    counts = []
    for _ in range(3):  # learn the tables, store, serve
        with CaptureQueriesContext(connection) as queries:
            first = client.get(url)
        counts.append(len(queries))
    assert counts[-1] < counts[0], counts
    assert "CONCEPT" in text_of(first.content)

    # Both sides agree: the same URL now gives the agreed document, without the watermark.
    coordinator = coordinator_of(partnership.initiative)
    agreement_services.agree(version, side="municipality", actor=staff)
    agreement_services.agree(version, side="initiative", actor=coordinator)
    assert "CONCEPT" not in text_of(client.get(url).content)

    client.get(url)
    DraftVersion.objects.filter(pk=version.pk).update(
        college_decision_date=datetime.date(2026, 12, 1), college_decision_reference="B&W 2026/12"
    )  # as the admin or a QuerySet.update would
    assert "B&W 2026/12" in text_of(client.get(url).content)
