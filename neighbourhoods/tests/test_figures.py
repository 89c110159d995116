"""CBS figures where decisions are made: the neighbourhood page (years, change, special values,
attribution), the list's filter, sort and export, the role and goal forms."""

import csv
import io

import pytest
from django.urls import reverse

from neighbourhoods import cbs_facts, services
from neighbourhoods.models import NeighbourhoodFact
from neighbourhoods.tests.factories import BuurtFactory, WijkFactory

pytestmark = pytest.mark.django_db
ATTRIBUTION = "Bron: CBS, Wijk- en Buurtkaart (Kadaster/CBS), licentie CC BY 4.0"


def fact(n, year, key, value=None, special=None, **extra):
    return NeighbourhoodFact.objects.create(
        neighbourhood=n, year=year, key=key, value=value, special=special, source=f"CBS, test {year}", **extra
    )


def test_the_page_shows_both_years_the_change_and_special_values_as_words(client, lezer):
    buurt = BuurtFactory(parent=WijkFactory())
    fact(buurt, 2022, "gemiddeld_gasverbruik_totaal", 1400)
    fact(buurt, 2024, "gemiddeld_gasverbruik_totaal", 1250)
    fact(buurt, 2022, "percentage_koopwoningen", 55.5)
    fact(buurt, 2024, "percentage_koopwoningen", special=cbs_facts.LATER)
    fact(buurt, 2024, "percentage_woningen_met_stadsverwarming", special=cbs_facts.SECRET)
    client.force_login(lezer)
    page = client.get(reverse("neighbourhoods:detail", args=[buurt.code])).content.decode()
    assert "2022" in page and "2024" in page
    assert "1.400 m³" in page and "1.250 m³" in page
    assert "gedaald met 150 m³ sinds 2022" in page
    assert "55,5%" in page and "komt in een latere versie" in page and "geheim of niet aanwezig" in page
    assert "-99995" not in page and "-99997" not in page and "99995" not in page
    assert ATTRIBUTION in page and "CBS, test 2024" in page


def test_demo_and_derived_figures_are_marked(client, lezer):
    wijk = WijkFactory()
    fact(wijk, 2023, "woningvoorraad", 500, derived=True)
    fact(wijk, 2023, "aantal_inwoners", 900, demo=True)
    client.force_login(lezer)
    page = client.get(reverse("neighbourhoods:detail", args=[wijk.code])).content.decode()
    assert "afgeleid uit de buurten" in page and "Demogegevens" in page


def test_list_filters_and_sorts_by_a_figure_and_exports_it(client, lezer):
    wijk = WijkFactory()
    low, high, secret = BuurtFactory.create_batch(3, parent=wijk)
    fact(low, 2023, "gemiddeld_gasverbruik_totaal", 900)
    fact(high, 2022, "gemiddeld_gasverbruik_totaal", 1000)
    fact(high, 2023, "gemiddeld_gasverbruik_totaal", 1600)
    fact(secret, 2023, "gemiddeld_gasverbruik_totaal", special=cbs_facts.SECRET)
    client.force_login(lezer)
    url = reverse("neighbourhoods:list")
    response = client.get(url, {"feit": "gemiddeld_gasverbruik_totaal", "feit_van": "1000", "soort": "buurt"})
    assert [n.code for n in response.context["object_list"]] == [high.code]
    assert "1600 m³" in response.content.decode() and ATTRIBUTION in response.content.decode()
    response = client.get(url, {"feit": "gemiddeld_gasverbruik_totaal", "sort": "-feit", "soort": "buurt"})
    assert [n.code for n in response.context["object_list"]] == [high.code, low.code, secret.code]
    response = client.get(url, {"feit": "gemiddeld_gasverbruik_totaal", "feit_tot": "1000", "soort": "buurt"})
    assert [n.code for n in response.context["object_list"]] == [low.code]
    # An impossible value is reported, not a 500; the export with it is refused.
    assert client.get(url, {"feit": "bestaat_niet"}).status_code == 200
    assert client.get(reverse("neighbourhoods:export"), {"feit": "bestaat_niet"}).status_code == 400
    export = client.get(reverse("neighbourhoods:export"), {"soort": "buurt"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index("gemiddeld gasverbruik per woning (m³)")
    values = {r[0]: r[column] for r in rows[1:]}
    assert values[high.code] in {"1600", "1600.0", "1600,0"}
    assert values[secret.code] == "geheim of niet aanwezig"


def test_role_and_goal_forms_show_the_key_figures(client, medewerker):
    buurt = BuurtFactory(parent=WijkFactory())
    fact(buurt, 2023, "perc_huurwoningen_in_bezit_woningcorporaties", 31.5)
    client.force_login(medewerker)
    for url in (
        reverse("neighbourhoods:role", args=[buurt.code]),
        reverse("neighbourhoods:goal_create", args=[buurt.code]),
    ):
        page = client.get(url).content.decode()
        assert "Kerncijfers van CBS" in page and "31,5%" in page and ATTRIBUTION in page
    goal = services.create_goal(actor=None, values={"horizon": "kort", "title": "x", "neighbourhoods": [buurt]})
    page = client.get(reverse("neighbourhoods:goal_update", args=[goal.pk])).content.decode()
    assert "31,5%" in page


@pytest.mark.parametrize("rows", [1, 50])
def test_list_by_a_figure_query_count_does_not_grow(client, lezer, django_assert_num_queries, rows):
    wijk = WijkFactory()
    for buurt in BuurtFactory.create_batch(rows, parent=wijk):
        fact(buurt, 2022, "woningvoorraad", 100)
        fact(buurt, 2024, "woningvoorraad", 120)
    client.force_login(lezer)
    # session, user, municipality, count, page (the figure is a subquery), role prefetches, the
    # page's steps, wijken and roles for the filters
    with django_assert_num_queries(9):
        response = client.get(reverse("neighbourhoods:list"), {"feit": "woningvoorraad", "sort": "-feit"})
    assert len(response.context["object_list"]) == min(rows + 1, 50)  # the wijk too; 50 per page
    assert sum(1 for n in response.context["object_list"] if n.fact_value == 120) == min(rows, 50)
    assert ">120<" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_with_figures_query_count_does_not_grow(client, lezer, django_assert_num_queries, rows):
    buurt = BuurtFactory(parent=WijkFactory())
    for year in range(2024 - rows, 2025):
        fact(buurt, year, "woningvoorraad", 100 + year - 2000)
    client.force_login(lezer)
    with django_assert_num_queries(10):
        page = client.get(reverse("neighbourhoods:detail", args=[buurt.code])).content.decode()
    assert "2024" in page and str(2024 - rows) in page


def test_the_map_is_coloured_by_a_figure_in_named_classes(client, lezer):
    wijk = WijkFactory()
    buurten = BuurtFactory.create_batch(6, parent=wijk)
    for i, buurt in enumerate(buurten[:5]):
        fact(buurt, 2023, "gemiddeld_gasverbruik_totaal", 800 + 200 * i)
    fact(buurten[5], 2023, "gemiddeld_gasverbruik_totaal", special=cbs_facts.SECRET)
    client.force_login(lezer)
    response = client.get(reverse("overview:map"), {"kleur": "cijfer-gemiddeld_gasverbruik_totaal"})
    page = response.content.decode()
    legend = [c.label for c in response.context["legend"]]
    assert legend[0] == "geen cijfer (geheim, later of niet geïmporteerd)"
    assert legend[1:] == ["800 m³", "1.000 m³", "1.200 m³", "1.400 m³", "1.600 m³"]
    counts = {c.label: c.count for c in response.context["legend"]}
    assert sum(counts.values()) == 6 and counts[legend[0]] == 1
    assert ATTRIBUTION in page and "1.600" in page


@pytest.mark.parametrize("rows", [1, 50])
def test_map_by_a_figure_and_goal_form_query_counts_do_not_grow(client, medewerker, django_assert_num_queries, rows):
    wijk = WijkFactory()
    buurten = BuurtFactory.create_batch(rows, parent=wijk)
    for buurt in buurten:
        fact(buurt, 2023, "perc_huurwoningen_in_bezit_woningcorporaties", 20)
    goal = services.create_goal(actor=None, values={"horizon": "kort", "title": "x", "neighbourhoods": buurten})
    client.force_login(medewerker)
    client.get(reverse("overview:map"))  # fills the map's path cache
    # session, user, municipality, the scope, the cache key, the rows with their figure (a subquery)
    with django_assert_num_queries(7):
        response = client.get(reverse("overview:map"), {"kleur": "cijfer-perc_huurwoningen_in_bezit_woningcorporaties"})
    assert sum(c.count for c in response.context["legend"]) == rows  # the buurten are drawn
    # The goal form: the key figures of the first five chosen neighbourhoods in one query.
    with django_assert_num_queries(11):
        page = client.get(reverse("neighbourhoods:goal_update", args=[goal.pk])).content.decode()
    assert "20%" in page
