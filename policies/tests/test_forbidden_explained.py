"""A 403 says who may do what the page does; a medewerker reading the way of working learns why
they cannot change it."""

import pytest

from policies.models import PolicyVersion

pytestmark = pytest.mark.django_db


def test_the_403_page_says_only_a_beheerder_can_change_the_way_of_working(client_for):
    draft = PolicyVersion.objects.create(number=7)
    client = client_for("medewerker")
    response = client.get(f"/werkwijze/{draft.pk}/bewerken/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "Alleen een beheerder kan de werkwijze wijzigen." in text
    assert "Vraag een beheerder van uw gemeente" in text


def test_the_403_page_names_the_roles_from_the_rules(client_for):
    response = client_for("lezer").get("/initiatieven/nieuw/")
    assert response.status_code == 403
    assert "Alleen een beheerder of medewerker kan dit doen." in response.content.decode()


def test_a_medewerker_on_the_way_of_working_gets_an_explanation(client_for):
    text = client_for("medewerker").get("/werkwijze/").content.decode()
    assert "Alleen een beheerder kan de werkwijze wijzigen." in text
    text = client_for("beheerder").get("/werkwijze/").content.decode()
    assert "Alleen een beheerder kan de werkwijze wijzigen." not in text
