"""Single sign-on in a real browser: Chromium goes from our login page to the real OpenID Provider
(tests/oidc_provider), signs in there, and comes back with the role from the groups claim."""

import copy
import re
import uuid

import pytest
from joserfc.jwk import RSAKey
from playwright.sync_api import expect

from accounts.models import ExternalIdentity, User

PROVIDER_PASSWORD = "wachtwoord-bij-de-gemeente"
PEOPLE = [
    # (group at the provider, role in Wijkpartner, name, what the role sees in the menu)
    ("wp-beheer", "Beheerder", "Bea Beheer", True),
    ("wp-medewerker", "Medewerker", "Mo Medewerker", False),
    ("wp-lezer", "Lezer", "Lex Lezer", False),
]


@pytest.fixture
def sso_live(settings, live_server, oidc_provider, tmp_path):
    key = RSAKey.generate_key(2048)
    key.ensure_kid()
    key_file = tmp_path / "wijkpartner-oidc.pem"
    key_file.write_bytes(key.as_pem(private=True))
    client = oidc_provider.register_client(
        redirect_uris=[live_server.url + "/accounts/inloggen/sso/terug/"],
        post_logout_redirect_uris=[live_server.url + "/accounts/inloggen/"],
        jwks={"keys": [{**key.as_dict(private=False), "use": "sig", "alg": "RS256"}]},
    )
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = client["client_id"]
    settings.OIDC_TOKEN_AUTH_METHOD = "private_key_jwt"
    settings.OIDC_CLIENT_PRIVATE_KEY_FILE = str(key_file)
    settings.OIDC_SCOPES = ["openid", "email", "profile", "groups"]
    settings.OIDC_ROLE_MAPPING = ["wp-beheer=beheerder", "wp-medewerker=medewerker", "wp-lezer=lezer"]
    settings.OIDC_ALLOWED_DOMAINS = ["gemeente.example"]
    settings.OTP_REQUIRED_ROLES = ["beheerder"]  # not asked after SSO: the provider did the second factor
    # As config/settings.py does when OIDC_ISSUER is set: logging out posts on to the provider.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(oidc_provider.issuer)
    settings.CONTENT_SECURITY_POLICY = policy
    return oidc_provider


def test_staff_sign_in_through_the_provider_as_each_role(
    page, live_server, sso_live, transactional_db, assert_accessible
):
    for group, role, name, sees_users in PEOPLE:
        login = f"{group}-{uuid.uuid4().hex[:8]}"
        sso_live.add_account(login, email=f"{login}@gemeente.example", name=name, groups=["alle-medewerkers", group])

        page.goto(live_server.url + "/")
        expect(page).to_have_url(re.compile(r"/accounts/inloggen/"))
        page.get_by_role("link", name="Inloggen met uw gemeenteaccount").click()

        # At the provider, on another address.
        expect(page).to_have_url(re.compile("^" + re.escape(sso_live.issuer) + "/interaction/"))
        page.get_by_label("Gebruikersnaam").fill(login)
        page.get_by_label("Wachtwoord").fill(PROVIDER_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()

        # Back home, with the role of the group.
        expect(page).to_have_url(live_server.url + "/")
        first_name = name.split()[0]
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Welkom, {first_name}")
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        if sees_users:
            menu.get_by_role("button", name="Beheer").click()  # the beheerder's pages are in one menu
        expect(menu.get_by_role("link", name="Gebruikers")).to_have_count(1 if sees_users else 0)
        assert_accessible(page)
        user = User.objects.get(email=f"{login}@gemeente.example")
        assert user.get_role_display() == role and user.get_role_display() != ""
        assert ExternalIdentity.objects.get(user=user).subject == login

        page.get_by_role("link", name="Mijn account").click()
        expect(page.locator("dd").nth(1)).to_have_text(role)
        expect(page.get_by_text("de inlogdienst van de gemeente vraagt om de tweede factor")).to_be_visible()

        # Logging out ends the session here and, after confirming, at the provider.
        page.get_by_role("button", name="Uitloggen").click()
        expect(page).to_have_url(re.compile("^" + re.escape(sso_live.issuer) + "/session/end"))
        page.get_by_role("button", name="Ja, uitloggen").click()
        expect(page).to_have_url(re.compile(r"/accounts/inloggen/$"))
        expect(page.get_by_role("link", name="Inloggen met uw gemeenteaccount")).to_be_visible()
    assert_accessible(page)
