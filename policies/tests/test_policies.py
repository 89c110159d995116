import pytest
from django.urls import reverse

from core.testing import assert_on_page
from neighbourhoods.tests.factories import BuurtFactory
from policies import services
from policies.models import PolicyVersion

pytestmark = pytest.mark.django_db


def draft_post(draft, **extra):
    data = {
        "version": draft.version,
        "title": draft.title,
        "principles": "Initiatieven zijn partners.",
        "reception": "Binnen twee weken een gesprek.",
        "support": "Kennis en procesgeld.",
        "decisions": "",
        "equal_treatment": "",
        "continuity": "Altijd een vervanger.",
        "change_summary": "",
    }
    return {**data, **extra}


def test_beheerder_drafts_and_publishes_and_step_3_is_done(client, beheerder):
    buurt = BuurtFactory()
    client.force_login(beheerder)
    detail = client.get(reverse("neighbourhoods:detail", args=[buurt.code])).content.decode()
    assert "Stap 3, de werkwijze van de gemeente met initiatieven: <strong>open</strong>" in detail
    response = client.post(reverse("policies:start_draft"))
    draft = PolicyVersion.objects.get()
    assert response["Location"] == reverse("policies:edit", args=[draft.pk])
    assert client.post(reverse("policies:edit", args=[draft.pk]), draft_post(draft)).status_code == 302
    assert client.post(reverse("policies:publish", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == beheerder
    assert PolicyVersion.objects.current() == draft
    detail = client.get(reverse("neighbourhoods:detail", args=[buurt.code])).content.decode()
    assert "versie 1, gemeentebreed" in detail


def test_a_published_version_cannot_be_edited(client, beheerder):
    version = PolicyVersion.objects.create(number=1, status="published", principles="Origineel")
    client.force_login(beheerder)
    response = client.post(reverse("policies:edit", args=[version.pk]), draft_post(version, principles="Gewijzigd"))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.principles == "Origineel"
    with pytest.raises(services.PublishedVersionError):
        services.update_draft(version, actor=beheerder, expected_version=version.version, values={"principles": "x"})
    with pytest.raises(services.PublishedVersionError):
        services.publish(version, actor=beheerder)


def test_a_new_draft_starts_from_the_newest_version_and_old_versions_stay_readable(client, beheerder):
    first = PolicyVersion.objects.create(number=1, status="published", principles="Versie een")
    draft = services.start_draft(actor=beheerder)
    assert (draft.number, draft.principles, draft.status) == (2, "Versie een", "draft")
    assert services.start_draft(actor=beheerder) == draft  # one draft at a time
    services.update_draft(draft, actor=beheerder, expected_version=draft.version, values={"principles": "Versie twee"})
    services.publish(PolicyVersion.objects.get(pk=draft.pk), actor=beheerder)
    assert PolicyVersion.objects.current().number == 2
    client.force_login(beheerder)
    old = client.get(reverse("policies:detail", args=[first.pk])).content.decode()
    assert "Versie een" in old


def test_stale_draft_edit_is_refused(client, beheerder):
    draft = services.start_draft(actor=beheerder)
    services.update_draft(draft, actor=beheerder, expected_version=1, values={"principles": "Eerst"})
    client.force_login(beheerder)
    response = client.post(reverse("policies:edit", args=[draft.pk]), draft_post(draft, version=1, principles="Later"))
    assert "Iemand anders heeft dit gewijzigd" in response.content.decode()
    assert PolicyVersion.objects.get().principles == "Eerst"


@pytest.mark.parametrize("rows", [1, 50])
def test_index_query_count_does_not_grow(client, lezer, django_assert_num_queries, rows):
    for n in range(1, rows + 1):
        PolicyVersion.objects.create(number=n, title=f"Werkwijze {n:02d}", status="published", published_by=lezer)
    client.force_login(lezer)
    # session, user, count, page (+people), current version, municipality
    with django_assert_num_queries(6):
        response = client.get(reverse("policies:index"))
    assert response.status_code == 200
    # newest first, 25 a page
    assert_on_page(response, [f"Werkwijze {n:02d}" for n in range(rows, max(rows - 25, 0), -1)])


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_query_count_does_not_grow(client, lezer, django_assert_num_queries, rows):
    version = PolicyVersion.objects.create(number=1, status="published")
    from core import history

    for i in range(rows):
        history.record(
            version,
            actor=lezer,
            action="event",
            changes=[{"field": "x", "label": "x", "old": "", "new": f"waarde {i:02d}"}],
        )
    client.force_login(lezer)
    # session, user, version (+people), history (+actors), municipality
    with django_assert_num_queries(5):
        response = client.get(reverse("policies:detail", args=[version.pk]))
    assert response.status_code == 200
    # the newest 20 changes
    assert_on_page(response, [f"waarde {i:02d}" for i in range(max(rows - 20, 0), rows)])
