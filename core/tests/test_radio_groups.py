"""No radio group of the project offers (or preselects) "---------"."""

import re

import pytest
from django import forms

from core.safety import SingleLineTextMixin

pytestmark = pytest.mark.django_db


class Example(SingleLineTextMixin, forms.Form):
    required = forms.ChoiceField(choices=[("", "---------"), ("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    optional = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], widget=forms.RadioSelect, required=False)


def test_a_required_radio_group_has_no_empty_choice_and_none_is_checked():
    html = str(Example()["required"])
    assert "---------" not in html and 'value=""' not in html and "checked" not in html


def test_an_optional_radio_group_names_its_empty_choice():
    html = str(Example()["optional"])
    assert "---------" not in html and "geen keuze" in html


def test_the_need_form_preselects_no_dashes(client_for):
    from accounts.tests.test_access import a_conversation, a_partnership

    conversation = a_conversation(a_partnership())
    html = client_for("medewerker").get(f"/partnerschappen/gesprekken/{conversation.pk}/behoefte/").content.decode()
    assert 'type="radio"' in html
    assert not re.search(r'type="radio"[^>]*value=""', html)
    assert not re.search(r">\s*---------\s*</label>", html)
