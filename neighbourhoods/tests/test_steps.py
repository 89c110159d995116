"""Step 1 (roles), step 2 (goals), the list and the detail page."""

import pytest
from django.urls import reverse

from core.models import ChangeEntry
from core.testing import assert_on_page
from neighbourhoods import services
from neighbourhoods.models import Goal, Neighbourhood, Role, RoleDecision
from neighbourhoods.tests.factories import BuurtFactory, WijkFactory

pytestmark = pytest.mark.django_db


def role(key):
    return Role.objects.get(key=key)


def role_post(version=None, **extra):
    nsob = role("netwerkend").framework_id
    af = role("facilitator").framework_id
    data = {
        f"fw{nsob}_dominant": role("netwerkend").pk,
        f"fw{nsob}_roles": [role("participerend").pk],
        f"fw{af}_roles": [role("facilitator").pk],
        "room_for_initiatives": "much",
        "rationale": "Bewoners zijn al actief.",
        "decided_by": "College",
        "decided_on": "2026-03-01",
        "decision_reference": "B&W 2026/12",
        "review_date": "",
    }
    if version is not None:
        data["version"] = version
    return {**data, **extra}


def test_seeded_frameworks_match_the_reference_data():
    active = set(Role.objects.filter(framework__active=True).values_list("key", flat=True))
    assert {"rechtmatig", "presterend", "netwerkend", "participerend"} <= active
    assert {"afwachter", "facilitator", "verbinder", "regisseur"} <= active
    assert not Role.objects.filter(key="procesregisseur", framework__active=True).exists()
    assert role("netwerkend").framework.has_dominant


def test_medewerker_chooses_roles_and_they_are_stored_with_the_dominant_form(client, medewerker):
    buurt = BuurtFactory()
    client.force_login(medewerker)
    response = client.post(reverse("neighbourhoods:role", args=[buurt.code]), role_post())
    assert response.status_code == 302
    decision = RoleDecision.objects.get(neighbourhood=buurt)
    assert {r.key for r in decision.roles.all()} == {"netwerkend", "participerend", "facilitator"}
    assert [r.key for r in decision.dominant_roles.all()] == ["netwerkend"]
    assert decision.decision_reference == "B&W 2026/12"
    assert ChangeEntry.objects.for_object(decision).get().action == "create"


def test_present_forms_without_a_dominant_one_are_refused_and_input_is_kept(client, medewerker):
    buurt = BuurtFactory()
    client.force_login(medewerker)
    nsob = role("netwerkend").framework_id
    response = client.post(reverse("neighbourhoods:role", args=[buurt.code]), role_post(**{f"fw{nsob}_dominant": ""}))
    assert response.status_code == 200
    assert "welke vorm dominant" in response.content.decode()
    assert "Bewoners zijn al actief." in response.content.decode()
    assert not RoleDecision.objects.exists()


def test_no_role_at_all_is_refused(client, medewerker):
    buurt = BuurtFactory()
    client.force_login(medewerker)
    nsob, af = role("netwerkend").framework_id, role("facilitator").framework_id
    data = role_post(**{f"fw{nsob}_dominant": "", f"fw{nsob}_roles": [], f"fw{af}_roles": []})
    response = client.post(reverse("neighbourhoods:role", args=[buurt.code]), data)
    assert "Kies ten minste één rol" in response.content.decode()


def test_wijk_role_is_inherited_until_a_buurt_has_its_own(client, medewerker):
    wijk = WijkFactory()
    buurt = BuurtFactory(parent=wijk)
    services.set_role_decision(wijk, actor=medewerker, values={"roles": [role("regisseur")], "dominant_roles": []})
    client.force_login(medewerker)
    page = client.get(reverse("neighbourhoods:detail", args=[buurt.code])).content.decode()
    assert "Regisseur" in page and "Overgenomen van wijk" in page
    client.post(reverse("neighbourhoods:role", args=[buurt.code]), role_post())
    page = client.get(reverse("neighbourhoods:detail", args=[buurt.code])).content.decode()
    assert "Overgenomen van wijk" not in page and "Netwerkende overheid" in page


def test_role_change_is_version_checked_and_kept_in_history(client, medewerker, beheerder):
    buurt = BuurtFactory()
    client.force_login(medewerker)
    client.post(reverse("neighbourhoods:role", args=[buurt.code]), role_post())
    client.post(reverse("neighbourhoods:role", args=[buurt.code]), role_post(version=1, rationale="Tweede versie"))
    decision = RoleDecision.objects.get()
    assert (decision.version, decision.rationale) == (2, "Tweede versie")
    client.force_login(beheerder)
    response = client.post(
        reverse("neighbourhoods:role", args=[buurt.code]), role_post(version=1, rationale="Verouderd")
    )
    assert "Iemand anders heeft dit gewijzigd" in response.content.decode()
    assert RoleDecision.objects.get().rationale == "Tweede versie"
    page = client.get(reverse("neighbourhoods:detail", args=[buurt.code])).content.decode()
    assert "Bewoners zijn al actief." in page  # the earlier rationale shows in the history


def test_bulk_role_asks_for_confirmation_first(client, medewerker):
    wijk = WijkFactory()
    buurten = BuurtFactory.create_batch(3, parent=wijk)
    client.force_login(medewerker)
    data = {**role_post(), "neighbourhoods": [b.pk for b in buurten], "wijk": wijk.code}
    response = client.post(reverse("neighbourhoods:bulk_role"), data)
    assert response.status_code == 200
    assert "Bevestig" in response.content.decode()
    assert not RoleDecision.objects.exists()
    response = client.post(reverse("neighbourhoods:bulk_role"), {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert RoleDecision.objects.filter(neighbourhood__in=buurten).count() == 3


def test_goals_per_horizon_complete_step_2(client, medewerker):
    buurt = BuurtFactory()
    client.force_login(medewerker)
    for horizon in ["kort", "middellang", "lang"]:
        response = client.post(
            reverse("neighbourhoods:goal_create", args=[buurt.code]),
            {
                "horizon": horizon,
                "title": f"Doel {horizon}",
                "source": "tvw",
                "status": "planned",
                "neighbourhoods": [buurt.pk],
                "unit": "woningen",
                "baseline": "10",
                "target_value": "100",
            },
        )
        assert response.status_code == 302
        page = client.get(reverse("neighbourhoods:detail", args=[buurt.code])).content.decode()
        assert ("Ontbreekt" in page) == (horizon != "lang")
    listed = client.get(reverse("neighbourhoods:list") + "?stap=step2_open").content.decode()
    assert buurt.name not in listed


def test_goal_without_title_is_refused(client, medewerker):
    buurt = BuurtFactory()
    client.force_login(medewerker)
    response = client.post(
        reverse("neighbourhoods:goal_create", args=[buurt.code]), {"horizon": "kort", "neighbourhoods": [buurt.pk]}
    )
    assert response.status_code == 200
    assert not Goal.objects.exists()


def test_copy_goals_gives_each_target_its_own_copy(client, medewerker):
    source, a, b = BuurtFactory.create_batch(3)
    services.create_goal(actor=medewerker, values={"horizon": "kort", "title": "Isoleren", "neighbourhoods": [source]})
    client.force_login(medewerker)
    response = client.post(reverse("neighbourhoods:copy_goals", args=[source.code]), {"targets": [a.pk, b.pk]})
    assert response.status_code == 302
    assert Goal.objects.filter(title="Isoleren").count() == 3
    assert list(a.goals.values_list("title", flat=True)) == ["Isoleren"]


def test_goal_progress_is_recorded(client, medewerker):
    goal = services.create_goal(
        actor=medewerker, values={"horizon": "kort", "title": "Isoleren", "neighbourhoods": [BuurtFactory()]}
    )
    client.force_login(medewerker)
    response = client.post(
        reverse("neighbourhoods:goal_progress", args=[goal.pk]),
        {"date": "2026-11-01", "value": "42", "note": "Goed op weg"},
    )
    assert response.status_code == 302
    assert goal.progress.get().value == 42


def test_list_filters_by_role_wijk_heat_strategy_and_search(client, lezer):
    wijk = WijkFactory(name="Oost")
    warm = BuurtFactory(parent=wijk, name="Warmtebuurt", heat_strategy="S2")
    other = BuurtFactory(name="Andere buurt")
    services.set_role_decision(wijk, actor=None, values={"roles": [role("regisseur")], "dominant_roles": []})
    client.force_login(lezer)
    url = reverse("neighbourhoods:list")

    def names(query):
        return client.get(url + query).content.decode()

    assert warm.name in names(f"?rol={role('regisseur').pk}") and other.name not in names(
        f"?rol={role('regisseur').pk}"
    )
    assert other.name not in names(f"?wijk={wijk.code}")
    assert warm.name in names("?warmte=S2") and other.name not in names("?warmte=S2")
    assert other.name in names("?q=andere") and warm.name not in names("?q=andere")
    assert other.name in names("?stap=step1_open") and warm.name not in names("?stap=step1_open")


def test_csv_export_respects_the_filter(client, lezer):
    BuurtFactory(name="Exportbuurt", heat_strategy="S1")
    BuurtFactory(name="Niet mee")
    client.force_login(lezer)
    response = client.get(reverse("neighbourhoods:export") + "?warmte=S1")
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Exportbuurt" in body and "Niet mee" not in body
    assert body.splitlines()[0].startswith("CBS-code;Naam")


def test_lezer_sees_but_cannot_change(client, lezer):
    buurt = BuurtFactory()
    client.force_login(lezer)
    page = client.get(reverse("neighbourhoods:detail", args=[buurt.code])).content.decode()
    assert reverse("neighbourhoods:role", args=[buurt.code]) not in page
    assert client.post(reverse("neighbourhoods:role", args=[buurt.code]), role_post()).status_code == 403
    assert not RoleDecision.objects.exists()


def test_facts_edit_validates_the_period(client, medewerker):
    buurt = BuurtFactory()
    client.force_login(medewerker)
    response = client.post(
        reverse("neighbourhoods:facts", args=[buurt.code]),
        {"version": 1, "off_gas_from": "2035", "off_gas_until": "2030", "heat_strategy": "S3", "wup_status": ""},
    )
    assert response.status_code == 200
    assert Neighbourhood.objects.get(pk=buurt.pk).heat_strategy == ""
    response = client.post(
        reverse("neighbourhoods:facts", args=[buurt.code]),
        {"version": 1, "off_gas_from": "2030", "off_gas_until": "2035", "heat_strategy": "S3", "wup_status": ""},
    )
    assert response.status_code == 302
    assert Neighbourhood.objects.get(pk=buurt.pk).off_gas_period == "2030–2035"


def test_upload_import_checks_first_and_saves_only_after_confirmation(
    client, beheerder, settings, tmp_path, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    import neighbourhoods.views as views

    monkeypatch.setattr(views, "IMPORT_DIR", tmp_path / "imports")  # read once, at import
    client.force_login(beheerder)
    csv = b"code;naam\nWK040299;Testwijk\nBU04029901;Testbuurt\n"
    response = client.post(reverse("neighbourhoods:import"), {"file": SimpleUploadedFile("b.csv", csv, "text/csv")})
    assert response.status_code == 200 and "Controle van b.csv" in response.content.decode()
    assert not Neighbourhood.objects.exists()
    response = client.post(reverse("neighbourhoods:import_confirm"))
    assert response.status_code == 302
    assert Neighbourhood.objects.count() == 2
    assert list((tmp_path / "imports").iterdir()) == []


def test_upload_import_shows_errors_and_saves_nothing(client, beheerder):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(beheerder)
    bad = b"code;naam\nXX12;Fout\n"
    response = client.post(reverse("neighbourhoods:import"), {"file": SimpleUploadedFile("b.csv", bad, "text/csv")})
    assert "geen geldige CBS-wijkcode" in response.content.decode()
    response = client.post(
        reverse("neighbourhoods:import"), {"file": SimpleUploadedFile("b.exe", b"MZ", "application/octet-stream")}
    )
    assert "Kies een GeoPackage" in response.content.decode()
    assert not Neighbourhood.objects.exists()


def test_beheerder_adds_a_local_framework_and_role(client, beheerder):
    client.force_login(beheerder)
    response = client.post(
        reverse("neighbourhoods:framework_create"),
        {"label": "Lokale rollen", "confidence": "confirmed", "active": "on", "order": 9},
    )
    assert response.status_code == 302
    from neighbourhoods.models import RoleFramework

    fw = RoleFramework.objects.get(label="Lokale rollen")
    response = client.post(
        reverse("neighbourhoods:role_create", args=[fw.pk]), {"label": "Aanjager", "summary": "Trekt aan.", "order": 1}
    )
    assert response.status_code == 302
    assert fw.roles.get().key == "aanjager"


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_does_not_grow(client, lezer, django_assert_num_queries, rows):
    wijk = WijkFactory()
    services.set_role_decision(
        wijk, actor=None, values={"roles": [role("regisseur")], "dominant_roles": [role("regisseur")]}
    )
    buurten = BuurtFactory.create_batch(rows, parent=wijk)
    # One buurt with a role of its own, so both the own and the inherited path are on the page.
    services.set_role_decision(buurten[0], actor=None, values={"roles": [role("facilitator")], "dominant_roles": []})
    for buurt in buurten:
        services.create_goal(actor=None, values={"horizon": "kort", "title": "x", "neighbourhoods": [buurt]})
    client.force_login(lezer)
    # session, user, count, page, 4 role prefetches, the page's steps (decisions, goals), wijken
    # and roles for the filters, municipality in the header
    with django_assert_num_queries(13):
        response = client.get(reverse("neighbourhoods:list"))
    assert response.status_code == 200
    # by code, 50 a page: the buurten (BU...) come before their wijk (WK...)
    assert_on_page(response, [reverse("neighbourhoods:detail", args=[buurt.code]) for buurt in buurten])


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_query_count_does_not_grow(client, lezer, django_assert_num_queries, rows):
    wijk = WijkFactory()
    buurt = BuurtFactory(parent=wijk)
    BuurtFactory.create_batch(rows, parent=wijk)
    services.set_role_decision(wijk, actor=None, values={"roles": [role("regisseur")], "dominant_roles": []})
    for i in range(rows):
        goal = services.create_goal(
            actor=None, values={"horizon": "kort", "title": f"Doel {i:02d}", "neighbourhoods": [buurt, wijk]}
        )
        services.add_goal_progress(goal, actor=None, date="2026-01-01", value=1, note="")
    goals = [f"Doel {i:02d}" for i in range(rows)]
    client.force_login(lezer)
    # session, user, neighbourhood (+parent and decisions), roles and dominant roles of the wijk's
    # decision, goals, progress, goal neighbourhoods, content type and history, municipality,
    # published policy (step 3), initiatives, CBS figures
    with django_assert_num_queries(14):
        response = client.get(reverse("neighbourhoods:detail", args=[buurt.code]))
    assert response.status_code == 200
    assert_on_page(response, [*goals, wijk.name])
    # the wijk: no parent to prefetch, but its buurten (its own decision's history is in the same query)
    with django_assert_num_queries(14):
        response = client.get(reverse("neighbourhoods:detail", args=[wijk.code]))
    assert response.status_code == 200
    assert_on_page(response, [*goals, *[f"({b.code})" for b in wijk.buurten.all()]])


def test_with_many_districts_the_filter_is_a_code_field(client, lezer):
    from neighbourhoods.models import Neighbourhood
    from neighbourhoods.queries import WIJK_CHOICES_LIMIT

    Neighbourhood.objects.bulk_create(
        [
            Neighbourhood(code=f"WK{9000 + i // 100:04d}{i % 100:02d}", kind="wijk", name=f"Wijk {i}")
            for i in range(WIJK_CHOICES_LIMIT + 1)
        ]
    )
    target = BuurtFactory(name="Gezochte buurt", parent=WijkFactory(code="WK040277"))
    client.force_login(lezer)
    page = client.get(reverse("neighbourhoods:list")).content.decode()
    assert '<input type="text" id="filter-wijk"' in page and 'value="WK900000"' not in page
    filtered = client.get(reverse("neighbourhoods:list") + "?wijk=wk040277").content.decode()
    assert target.name in filtered and "Wijk 5<" not in filtered


def test_pages_listing_neighbourhoods_do_not_read_their_boundaries(client, medewerker):
    """A boundary is up to several KB of GeoJSON per buurt: only the map and the import read it."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnerships.tests.factories import PartnershipFactory

    shape = {"type": "Polygon", "coordinates": [[[5.1, 52.2], [5.2, 52.2], [5.2, 52.3], [5.1, 52.2]]]}
    wijk = WijkFactory(geometry=shape)
    buurten = BuurtFactory.create_batch(3, parent=wijk, geometry=shape)
    partnership = PartnershipFactory()
    partnership.neighbourhoods.set(buurten)
    partnership.initiative.neighbourhoods.set(buurten)
    client.force_login(medewerker)
    pages = [
        reverse("neighbourhoods:list"),
        reverse("neighbourhoods:detail", args=[wijk.code]),
        reverse("neighbourhoods:detail", args=[buurten[0].code]),
        reverse("initiatives:list"),
        reverse("partnerships:detail", args=[partnership.pk]),
        reverse("overview:home"),
    ]
    for page in pages:
        with CaptureQueriesContext(connection) as context:
            response = client.get(page)
        assert response.status_code == 200
        assert buurten[0].name in response.content.decode(), page
        reads = [q["sql"] for q in context.captured_queries if re.search(r'\."geometry"(?!_)', q["sql"])]
        assert reads == [], page
    # The boundary is still there for whoever asks for it.
    assert Neighbourhood.objects.get(pk=buurten[0].pk).geometry == shape


def _two_municipalities(buurten=1):
    """Hilversum (the installation's own) and Amsterdam, as after a national CBS import."""
    from neighbourhoods.tests.factories import MunicipalityFactory

    MunicipalityFactory(name="Hilversum", cbs_code="GM0402")
    own = WijkFactory(code="WK040201", name="Centrum Hilversum")
    BuurtFactory.create_batch(buurten, parent=own)
    other = WijkFactory(code="WK036301", name="Centrum Amsterdam", municipality_code="GM0363")
    for index in range(buurten):
        BuurtFactory(code=f"BU036301{index:02d}", parent=other, municipality_code="GM0363")
    return own, other


def test_after_a_national_import_the_list_starts_with_the_own_municipality(client, lezer):
    own, other = _two_municipalities()
    client.force_login(lezer)
    page = client.get(reverse("neighbourhoods:list")).content.decode()
    assert own.code in page and other.code not in page
    assert '<select id="filter-gemeente" name="gemeente"' in page
    assert '<option value="GM0402" selected>Hilversum (GM0402)</option>' in page
    # The district drop-down offers the own municipality's districts only.
    wijk_options = page.split('id="filter-wijk"')[1].split("</select>")[0]
    assert own.code in wijk_options and other.code not in wijk_options

    page = client.get(reverse("neighbourhoods:list"), {"gemeente": "alle"}).content.decode()
    assert own.code in page and other.code in page
    page = client.get(reverse("neighbourhoods:list"), {"gemeente": "gm0363"}).content.decode()
    assert own.code not in page and other.code in page
    assert '<option value="GM0363" selected>GM0363</option>' in page
    # Nonsense falls back to the own municipality.
    page = client.get(reverse("neighbourhoods:list"), {"gemeente": "Amsterdam"}).content.decode()
    assert own.code in page and other.code not in page

    # The export follows the same choice.
    body = client.get(reverse("neighbourhoods:export")).content.decode("utf-8-sig")
    assert own.code in body and other.code not in body
    body = client.get(reverse("neighbourhoods:export"), {"gemeente": "alle"}).content.decode("utf-8-sig")
    assert own.code in body and other.code in body


def test_with_one_municipality_there_is_no_choice_of_municipality(client, lezer):
    from neighbourhoods.tests.factories import MunicipalityFactory

    MunicipalityFactory(cbs_code="GM0402")
    BuurtFactory()
    client.force_login(lezer)
    assert 'name="gemeente"' not in client.get(reverse("neighbourhoods:list")).content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_list_of_the_own_municipality_query_count_does_not_grow(client, lezer, django_assert_num_queries, rows):
    own, other = _two_municipalities(buurten=rows)
    services.set_role_decision(own, actor=None, values={"roles": [role("regisseur")], "dominant_roles": []})
    # One buurt with a role of its own, so both the own and the inherited path are on the page.
    first = own.buurten.order_by("code").first()
    services.set_role_decision(first, actor=None, values={"roles": [role("facilitator")], "dominant_roles": []})
    client.force_login(lezer)
    # session, user, municipality, own area and other municipalities, count, page, 4 role
    # prefetches, the page's steps (decisions, goals), wijken and roles for the filters
    with django_assert_num_queries(15):
        response = client.get(reverse("neighbourhoods:list"), {"stap": "step2_open"})
    # by code, 50 a page: the own buurten, their wijk after them
    assert_on_page(response, [reverse("neighbourhoods:detail", args=[b.code]) for b in own.buurten.all()])
    assert reverse("neighbourhoods:detail", args=["BU03630100"]) not in response.content.decode()


def test_the_detail_page_shows_both_steps_own_inherited_and_open(client, lezer):
    import re

    wijk = WijkFactory()
    buurt = BuurtFactory(parent=wijk)
    client.force_login(lezer)

    def steps(n):
        page = client.get(reverse("neighbourhoods:detail", args=[n.code])).content.decode()
        items = re.findall(r"<li>(Stap [12], .*?)</li>", page)
        return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items]

    assert steps(buurt) == [
        "Stap 1, de rol van de gemeente: open",
        "Stap 2, doelen voor de korte, middellange en lange termijn: open",
    ]
    services.set_role_decision(wijk, actor=None, values={"roles": [role("regisseur")], "dominant_roles": []})
    for horizon in ["kort", "middellang"]:
        services.create_goal(actor=None, values={"horizon": horizon, "title": horizon, "neighbourhoods": [buurt]})
    assert steps(buurt)[0] == "Stap 1, de rol van de gemeente: klaar (overgenomen van de wijk)"
    assert steps(buurt)[1].endswith(": open")  # two of the three horizons
    services.create_goal(actor=None, values={"horizon": "lang", "title": "lang", "neighbourhoods": [buurt]})
    assert steps(buurt)[1].endswith(": klaar")
    assert steps(wijk)[0] == "Stap 1, de rol van de gemeente: klaar"
    assert steps(wijk)[1].endswith(": open")  # the buurt's goals are not the wijk's


def test_after_a_national_import_bulk_roles_offer_the_own_municipality(client, medewerker):
    own, other = _two_municipalities(buurten=2)
    client.force_login(medewerker)
    page = client.get(reverse("neighbourhoods:bulk_role")).content.decode()
    assert own.code in page and "BU03630100" not in page
    wijk_options = page.split('id="bulk-wijk"')[1].split("</select>")[0]
    assert own.code in wijk_options and other.code not in wijk_options
    # Another municipality's buurt is no choice here...
    stranger = Neighbourhood.objects.get(code="BU03630100")
    response = client.post(reverse("neighbourhoods:bulk_role"), {**role_post(), "neighbourhoods": [stranger.pk]})
    assert response.status_code == 200 and not RoleDecision.objects.exists()
    # ... unless its district is asked for by code.
    page = client.get(reverse("neighbourhoods:bulk_role"), {"wijk": other.code.lower()}).content.decode()
    assert "BU03630100" in page
    assert page.count('name="neighbourhoods"') == 3  # the other district and its two buurten


@pytest.mark.parametrize("rows", [1, 50])
def test_bulk_role_query_count_does_not_grow(client, medewerker, django_assert_num_queries, rows):
    own, _other = _two_municipalities(buurten=rows)
    client.force_login(medewerker)
    # session, user, municipality, own area, wijken, role frameworks and their roles, candidates
    with django_assert_num_queries(8):
        response = client.get(reverse("neighbourhoods:bulk_role"))
    assert response.content.decode().count('name="neighbourhoods"') == rows + 1  # and the wijk
    assert_on_page(response, [str(b) for b in own.buurten.all()])  # "name (code)"


def _options(page, field):
    import re

    # A list of checkboxes (core.widgets.FilterableCheckboxes), or a <select>.
    boxes = re.findall(rf'name="{field}" value="(\d+)"', page)
    if boxes:
        return boxes
    select = page.split(f'name="{field}"')[1].split("</select>")[0]
    return re.findall(r'<option value="(\d+)"', select)


def test_after_a_national_import_forms_offer_the_own_municipality_and_keep_what_is_chosen(client, medewerker):
    from partnerships.tests.factories import InitiativeFactory

    own, other = _two_municipalities(buurten=1)
    own_ids = {str(pk) for pk in Neighbourhood.objects.filter(municipality_code="GM0402").values_list("pk", flat=True)}
    client.force_login(medewerker)

    # A goal for a buurt of the own municipality: its neighbourhoods only.
    page = client.get(reverse("neighbourhoods:goal_create", args=[own.code])).content.decode()
    assert set(_options(page, "neighbourhoods")) == own_ids
    # For another municipality's wijk (opened by URL): that wijk is offered too, as it is chosen.
    page = client.get(reverse("neighbourhoods:goal_create", args=[other.code])).content.decode()
    assert set(_options(page, "neighbourhoods")) == own_ids | {str(other.pk)}
    # Posting a neighbourhood that is not offered is refused and changes nothing.
    stranger = Neighbourhood.objects.get(code="BU03630100")
    goal = {"horizon": "kort", "title": "Doel", "source": "tvw", "status": "planned"}
    url = reverse("neighbourhoods:goal_create", args=[own.code])
    response = client.post(url, {**goal, "neighbourhoods": [stranger.pk]})
    assert response.status_code == 200 and not Goal.objects.exists()
    assert "geen beschikbare keuze" in response.content.decode()
    assert client.post(url, {**goal, "neighbourhoods": [own.pk]}).status_code == 302
    assert Goal.objects.get().neighbourhoods.get() == own

    # An initiative already working in another municipality keeps that neighbourhood selectable.
    initiative = InitiativeFactory()
    initiative.neighbourhoods.set([stranger])
    page = client.get(reverse("initiatives:update", args=[initiative.pk])).content.decode()
    assert set(_options(page, "neighbourhoods")) == own_ids | {str(stranger.pk)}
    page = client.get(reverse("initiatives:create")).content.decode()
    assert set(_options(page, "neighbourhoods")) == own_ids
