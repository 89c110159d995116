"""Query counts of the draft pages, which do not grow with versions, comments and drafts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.models import Draft, SignedScan
from agreements.tests.helpers import section
from core.testing import assert_on_page
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


# --- query counts ----------------------------------------------------------------------------


def _fill(draft, n, medewerker, coordinator):
    """n versions (each frozen after a change) and n comments; every version shows both agreement marks,
    the draft is final and has a signed scan, so every part of the page is rendered."""
    from django.utils import timezone

    for i in range(n):
        services.update_section(
            section(draft, "overleg"), actor=medewerker, expected_version=draft.version, text=f"Ronde {i}"
        )
        services.freeze(draft, actor=medewerker)
        author, key = (coordinator, "doel") if i % 2 == 0 else (medewerker, "overleg")
        services.add_comment(draft, actor=author, section=key, text=f"Reactie {i:02d}")
    # A change clears earlier marks, so set them on every version at once for the page to show.
    now = timezone.now()
    draft.versions.update(
        municipality_agreed_at=now,
        municipality_agreed_by=medewerker,
        initiative_agreed_at=now,
        initiative_agreed_by=coordinator,
    )
    Draft.objects.filter(pk=draft.pk).update(status=Draft.Status.FINAL)
    SignedScan.objects.create(
        draft=draft,
        version=draft.versions.first(),
        file="signed/scan.pdf",
        original_name="getekend.pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=medewerker,
    )
    draft.refresh_from_db()


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("role", ["medewerker", "coordinator"])
def test_the_draft_page_query_count_does_not_grow_with_comments_and_versions(
    client, partnership, medewerker, coordinator, role
):
    small = services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)
    large = services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)
    _fill(small, 1, medewerker, coordinator)
    _fill(large, 50, medewerker, coordinator)
    assert large.versions.count() == 50 and large.comments.count() == 50
    client.force_login({"medewerker": medewerker, "coordinator": coordinator}[role])
    client.get(reverse("agreements:draft", args=[small.pk]))  # warm the per-process caches
    one, page = _queries(client, reverse("agreements:draft", args=[small.pk]))
    # Everything the loops render is on the page: the versions with both marks, the comments, the scan.
    assert "versie 1<" in page and "versie 2<" not in page
    assert_on_page(page, ["Reactie 00", "getekend.pdf", coordinator.full_name, medewerker.full_name])
    fifty, page = _queries(client, reverse("agreements:draft", args=[large.pk]))
    assert "versie 50" in page and "versie 1<" in page
    assert_on_page(page, [f"Reactie {i:02d}" for i in range(50)] + ["getekend.pdf"])
    assert page.count(coordinator.full_name) >= 50
    assert one == fifty


def test_the_partnership_drafts_page_query_count_does_not_grow_with_drafts(client, medewerker):
    small = PartnershipFactory(intensity="middel")
    large = PartnershipFactory(intensity="middel")
    Draft.objects.create(partnership=small, form="afsprakenlijst", title="Concept 00", created_by=medewerker)
    Draft.objects.bulk_create(
        [
            Draft(partnership=large, form="afsprakenlijst", title=f"Concept {i:02d}", created_by=medewerker)
            for i in range(50)
        ]
    )
    client.force_login(medewerker)
    client.get(reverse("agreements:partnership", args=[small.pk]))  # warm the per-process caches
    one, page = _queries(client, reverse("agreements:partnership", args=[small.pk]))
    assert_on_page(page, ["Concept 00", small.initiative.name])
    fifty, page = _queries(client, reverse("agreements:partnership", args=[large.pk]))
    assert_on_page(page, [f"Concept {i:02d}" for i in range(50)] + [large.initiative.name])
    assert one == fifty
