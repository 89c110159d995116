"""The inbox on the home page and its own page: only a person's own notifications, read and unread."""

import pytest
from django.urls import reverse

from accounts.models import NotificationMail
from accounts.tests.factories import UserFactory
from core.testing import assert_on_page
from notifications.models import Notification
from partnerships import notices
from partnerships import services as partnership_services


def tell(side, summary="Zonnepanelen op het dorpshuis", actor=None, **extra):
    notices.tell(
        side.partnership,
        "comment_added",
        actor=actor or side.contact,
        url=reverse("partnerships:detail", args=[side.partnership.pk]),
        summary=summary,
        **extra,
    )
    return Notification.objects.filter(recipient=side.coordinator).first()


def test_home_shows_whats_new_and_mark_as_read_takes_it_off(client, side):
    row = tell(side)
    client.force_login(side.coordinator)
    page = client.get(reverse("overview:home")).content.decode()
    new = page.split('id="nieuw"')[1].split("</section>")[0]
    assert "Carla Contact" in new and "Zonnepanelen op het dorpshuis" in new and "Zonnig Zuid" in new
    assert reverse("notifications:read", args=[row.pk]) in new
    response = client.post(reverse("notifications:read", args=[row.pk]), {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    row.refresh_from_db()
    assert row.read_at is not None
    page = client.get(reverse("overview:home")).content.decode()
    assert "data-inbox-empty" in page.split('id="nieuw"')[1].split("</section>")[0]
    # Still on the full inbox page, but not under "unread".
    assert "Zonnepanelen op het dorpshuis" in client.get(reverse("notifications:inbox")).content.decode()
    unread = client.get(reverse("notifications:inbox") + "?filter=unread").content.decode()
    assert "Zonnepanelen op het dorpshuis" not in unread


def test_staff_home_page_has_the_inbox_too(client, side):
    partnership_services.add_comment(side.conversation, actor=side.coordinator, text="Vraag van ons")
    client.force_login(side.contact)
    page = client.get(reverse("overview:home")).content.decode()
    assert "Vraag van ons" in page.split('id="nieuw"')[1].split("</section>")[0]


def test_mark_all_as_read_only_touches_ones_own(client, side):
    tell(side, summary="een")
    tell(side, summary="twee")
    client.force_login(side.coordinator)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=side.coordinator, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=side.coordinator2, read_at__isnull=True).count() == 2


def test_someone_elses_notification_is_a_404(client, side):
    row = tell(side)
    theirs = Notification.objects.get(recipient=side.coordinator2)
    client.force_login(side.coordinator)
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.post(reverse("notifications:read", args=[row.pk])).status_code == 302


def test_a_coordinator_never_sees_another_initiatives_notifications(client, side, other_side):
    tell(other_side, summary="Alleen voor West")
    mine = tell(side, summary="Alleen voor Zuid")
    # Even a row addressed to them (access since revoked) stays hidden once the access is gone.
    other_side.initiative.coordinator_access.create(user=side.coordinator)
    tell(other_side, summary="Toen nog lid van West")
    side.coordinator.coordinator_access.filter(initiative=other_side.initiative).update(revoked_at="2026-01-01T00:00Z")
    theirs = Notification.objects.get(recipient=side.coordinator, summary="Toen nog lid van West")
    client.force_login(side.coordinator)
    for url in (reverse("overview:home"), reverse("notifications:inbox")):
        page = client.get(url).content.decode()
        assert "Alleen voor Zuid" in page
        assert "Alleen voor West" not in page and "Toen nog lid van West" not in page and "Wind van West" not in page
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:open", args=[mine.pk])).status_code == 302


def test_opening_marks_read_and_goes_to_the_page(client, side):
    row = tell(side)
    client.force_login(side.coordinator)
    response = client.post(reverse("notifications:open", args=[row.pk]))
    assert response["Location"] == reverse("partnerships:detail", args=[side.partnership.pk])
    row.refresh_from_db()
    assert row.read_at is not None


def test_opening_never_leaves_the_site(client, side):
    row = tell(side)
    Notification.objects.filter(pk=row.pk).update(url="//evil.example/")
    client.force_login(side.coordinator)
    assert client.post(reverse("notifications:open", args=[row.pk]))["Location"] == reverse("notifications:inbox")


def test_a_next_elsewhere_is_refused(client, side):
    row = tell(side)
    client.force_login(side.coordinator)
    response = client.post(reverse("notifications:read", args=[row.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:inbox")


def test_the_inbox_page_is_paginated(client, side):
    for index in range(30):
        tell(side, summary=f"Bericht nummer {index:02d}")
    client.force_login(side.coordinator)
    first = client.get(reverse("notifications:inbox")).content.decode()
    assert "Bericht nummer 29" in first and "Bericht nummer 04" not in first
    second = client.get(reverse("notifications:inbox") + "?page=2").content.decode()
    assert "Bericht nummer 04" in second


@pytest.mark.parametrize("rows", [1, 50])
def test_inbox_query_counts_do_not_grow(client, side, django_assert_num_queries, rows):
    for index in range(rows):
        tell(side, summary=f"Bericht {index:02d}", actor=UserFactory(full_name=f"Persoon {index:02d}"))
    newest = list(Notification.objects.filter(recipient=side.coordinator).order_by("-pk"))
    client.force_login(side.coordinator)
    # session, user, the count for the pages, the unread count, the municipality (page header),
    # the page of rows
    with django_assert_num_queries(6):
        response = client.get(reverse("notifications:inbox"))
    assert_on_page(response, [row.summary for row in newest[:25]] + [row.actor_name for row in newest[:25]])
    with django_assert_num_queries(6):
        response = client.get(reverse("notifications:inbox") + "?filter=unread")
    assert_on_page(response, [row.summary for row in newest[:25]])


@pytest.mark.parametrize("rows", [1, 50])
def test_home_inbox_query_count_does_not_grow(client, side, django_assert_num_queries, rows):
    for index in range(rows):
        tell(side, summary=f"Bericht {index:02d}")
    newest = list(Notification.objects.filter(recipient=side.coordinator).order_by("-pk"))
    client.force_login(side.coordinator)
    from notifications import inbox

    # The include alone: the newest unread ones, and (only when there are more) their count.
    with django_assert_num_queries(1 if rows <= inbox.HOME_LIMIT else 2):
        data = inbox.home(side.coordinator)
        texts = [row.text() for row in data["items"]]
    assert data["count"] == rows and len(texts) == min(rows, inbox.HOME_LIMIT)
    assert_on_page(client.get(reverse("overview:home")), [row.summary for row in newest[:10]])


def test_the_account_page_sets_the_mail_choice(client, side):
    client.force_login(side.contact)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="notification_mail"' in page
    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": side.contact.full_name,
            "language": "",
            "notification_mail": "immediate",
            "version": side.contact.version,
        },
    )
    assert response.status_code == 302
    side.contact.refresh_from_db()
    assert side.contact.notification_mail == NotificationMail.IMMEDIATE
