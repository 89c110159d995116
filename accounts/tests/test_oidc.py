"""Single sign-on for staff, against a real OpenID Provider (tests/oidc_provider: panva's oidc-provider
on Node, started once per test session on 127.0.0.1). Only the provider's login form is filled in by
plain HTTP instead of a browser; tests/browser/test_sso.py does it with Chromium."""

import time
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import checks as django_checks
from django.core import mail
from django.test import Client
from django.urls import reverse
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from accounts import checks, oidc
from accounts.models import ExternalIdentity, Role, User
from accounts.tests.factories import UserFactory
from audit.models import SecurityEvent
from core.models import ChangeEntry
from core.testing import run_fresh
from partnerships.tests.factories import InitiativeFactory
from partnerships.tests.test_invitations import create_account, send_invitation

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/accounts/inloggen/sso/terug/"
LOGGED_OUT = "http://testserver/accounts/inloggen/"
MAPPING = ["wp-beheer=beheerder", "wp-medewerker=medewerker", "wp-lezer=lezer"]
GROUP_OF = {"beheerder": "wp-beheer", "medewerker": "wp-medewerker", "lezer": "wp-lezer"}
PASSWORD = "een-goed-wachtwoord"  # of the UserFactory accounts
NO_ACCESS = "Geen toegang tot Wijkpartner"
DID_NOT_WORK = "Inloggen is niet gelukt"


# --- the relying party's key, its registration, and the settings ---------------------------------


def public_jwks(key: RSAKey) -> dict:
    key.ensure_kid()
    return {"keys": [{**key.as_dict(private=False), "use": "sig", "alg": "RS256"}]}


@pytest.fixture(scope="session")
def rp_key_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("relying_party") / "wijkpartner-oidc.pem"
    path.write_bytes(RSAKey.generate_key(2048).as_pem(private=True))
    return path


@pytest.fixture(scope="session")
def rp_client(oidc_provider, rp_key_file):
    """Wijkpartner registered at the provider, authenticating with private_key_jwt."""
    return oidc_provider.register_client(
        redirect_uris=[CALLBACK],
        post_logout_redirect_uris=[LOGGED_OUT],
        jwks=public_jwks(RSAKey.import_key(rp_key_file.read_bytes())),
    )


@pytest.fixture
def sso(settings, oidc_provider, rp_client, rp_key_file):
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_DISCOVERY_URL = ""
    settings.OIDC_CLIENT_ID = rp_client["client_id"]
    settings.OIDC_TOKEN_AUTH_METHOD = "private_key_jwt"
    settings.OIDC_CLIENT_PRIVATE_KEY_FILE = str(rp_key_file)
    settings.OIDC_SCOPES = ["openid", "email", "profile", "groups"]
    settings.OIDC_ROLE_CLAIM = "groups"
    settings.OIDC_SUBJECT_CLAIM = "sub"
    settings.OIDC_ROLE_MAPPING = MAPPING
    settings.OIDC_ALLOWED_DOMAINS = ["gemeente.example"]
    settings.OIDC_ALLOWED_GROUPS = []
    settings.OIDC_LINK_EXISTING_ACCOUNTS = False
    settings.OIDC_STAFF_PASSWORD_LOGIN = False
    settings.OIDC_ACR_VALUES = []
    settings.SITE_URL = ""
    return oidc_provider


def person(provider, groups=(), email=None, name="Anne de Vries", **claims):
    """A new person at the provider; returns their subject (also their login name there)."""
    sub = f"p-{uuid.uuid4().hex[:12]}"
    provider.add_account(sub, email=email or f"{sub}@gemeente.example", name=name, groups=groups, **claims)
    return sub


# --- helpers ---------------------------------------------------------------------------------------


def start(client, next_url=None):
    """Our SSO button: returns the provider's authorization address we redirect to."""
    url = reverse("accounts:sso_login") + (f"?next={next_url}" if next_url else "")
    response = client.get(url)
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def callback_path(callback_url):
    assert callback_url.startswith(CALLBACK), callback_url
    parts = urlsplit(callback_url)
    return f"{parts.path}?{parts.query}"


def sign_in(client, provider, sub, capture, next_url=None):
    """The whole way: our button, the provider's login form, back to our callback."""
    callback = provider.log_in(start(client, next_url), sub)
    with capture(execute=True):
        return client.get(callback_path(callback))


def events(action, **filters):
    return list(SecurityEvent.objects.filter(action=action, **filters).order_by("id"))


def refusal_reasons():
    return [e.detail["reason"] for e in events("sso_refused")]


def logged_in_user(client):
    return client.session.get("_auth_user_id")


# --- signing in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["beheerder", "medewerker", "lezer"])
def test_staff_sign_in_gets_the_role_of_their_group(client, sso, role, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["iedereen", GROUP_OF[role]])
    authorization = start(client)
    query = parse_qs(urlsplit(authorization).query)
    assert authorization.startswith(sso.issuer)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert query["scope"] == ["openid email profile groups"]
    assert query["redirect_uri"] == [CALLBACK]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(callback_path(sso.log_in(authorization, sub)))

    assert response.status_code == 302 and response["Location"] == reverse("overview:home")
    user = User.objects.get(email=f"{sub}@gemeente.example")
    assert (user.role, user.full_name, user.is_active, user.has_usable_password()) == (
        role,
        "Anne de Vries",
        True,
        False,
    )
    assert ExternalIdentity.objects.get(user=user).subject == sub
    assert ExternalIdentity.objects.get(user=user).issuer == sso.issuer
    assert logged_in_user(client) == str(user.pk)
    assert client.session[oidc.SESSION_SSO]["id_token"]
    assert client.get(reverse("overview:home")).status_code == 200
    [login] = events("sso_login")
    assert login.actor == user and login.detail["subject"] == sub and login.detail["role"] == role
    assert login.detail["created"] is True
    assert events("sso_account_created", actor=user)
    assert (
        ChangeEntry.objects.for_object(user).get().actor_repr == ""
    )  # no person: shown as "system" in the reader's language


def test_the_next_page_is_kept_through_the_provider(client, sso, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["wp-lezer"])
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks, next_url=reverse("neighbourhoods:list"))
    assert response["Location"] == reverse("neighbourhoods:list")


def test_an_outside_next_page_is_not_followed(client, sso, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["wp-lezer"])
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks, next_url="//evil.example/")
    assert response["Location"] == reverse("overview:home")


def test_people_are_matched_on_the_subject_not_on_the_email_address(client, sso, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["wp-medewerker"], email="anne@gemeente.example")
    sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    anne = User.objects.get(email="anne@gemeente.example")

    # Anne's address changes at the provider: she is still the same account.
    sso.add_account(sub, email="anne.devries@gemeente.example", name="Anne de Vries", groups=["wp-medewerker"])
    client.logout()
    sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    assert logged_in_user(client) == str(anne.pk)
    assert User.objects.count() == 1

    # Someone else who now has Anne's old address at the provider does not get her account.
    other = person(sso, groups=["wp-beheer"], email="anne@gemeente.example", name="Nieuwe Anne")
    stranger = Client()
    response = sign_in(stranger, sso, other, django_capture_on_commit_callbacks)
    assert response.status_code == 403 and NO_ACCESS in response.content.decode()
    assert logged_in_user(stranger) is None
    assert refusal_reasons() == ["email_taken"]
    anne.refresh_from_db()
    assert anne.role == Role.MEDEWERKER


def test_a_changed_group_changes_the_role_at_the_next_sign_in(client, sso, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["wp-lezer"])
    sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    sso.add_account(sub, email=f"{sub}@gemeente.example", name="Anne de Vries", groups=["wp-lezer", "wp-beheer"])
    client.logout()
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.role == Role.BEHEERDER
    [change] = events("role_changed")
    assert change.detail["via"] == "sso" and change.detail["role"] == "beheerder" and change.object_id == str(user.pk)
    assert ChangeEntry.objects.for_object(user).filter(note="single sign-on").count() == 2


def test_leaving_the_groups_ends_access_at_the_next_sign_in(client, sso, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["wp-medewerker"])
    sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    user = User.objects.get()
    client.logout()

    sso.add_account(sub, email=f"{sub}@gemeente.example", groups=["andere-afdeling"])
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert NO_ACCESS in response.content.decode()
    assert logged_in_user(client) is None
    user.refresh_from_db()
    assert not user.is_active
    [deactivated] = events("account_deactivated")
    assert deactivated.object_id == str(user.pk) and deactivated.detail["groups"] == ["andere-afdeling"]
    assert refusal_reasons() == ["no_role"]

    # Back in a group: the account the provider's groups closed is opened again.
    sso.add_account(sub, email=f"{sub}@gemeente.example", groups=["wp-lezer"])
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.role == Role.LEZER
    assert events("account_reactivated")


def test_an_account_a_beheerder_deactivated_stays_closed(client, sso, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["wp-medewerker"])
    sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    client.logout()
    User.objects.update(is_active=False)
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    assert response.status_code == 403 and "gedeactiveerd" in response.content.decode()
    assert refusal_reasons() == ["inactive"]
    assert logged_in_user(client) is None


def test_an_unknown_group_gets_no_access_and_a_dutch_page(client, sso, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["wp-onbekend", "Domain Users"])
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert response.status_code == 403
    assert NO_ACCESS in page and "niet in een groep die toegang geeft" in page
    assert '<html lang="nl">' in page
    assert logged_in_user(client) is None
    assert not User.objects.exists()
    [refused] = events("sso_refused")
    assert refused.result == "failure"
    assert refused.detail["reason"] == "no_role"
    assert refused.detail["subject"] == sub and refused.detail["groups"] == ["wp-onbekend", "Domain Users"]


def test_accounts_are_created_only_for_allowed_domains_or_groups(
    client, sso, settings, django_capture_on_commit_callbacks
):
    sub = person(sso, groups=["wp-lezer"], email="gast@buurgemeente.example")
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    assert response.status_code == 403 and "niet automatisch aangemaakt" in response.content.decode()
    assert not User.objects.exists()
    assert refusal_reasons() == ["not_allowed"]

    settings.OIDC_ALLOWED_GROUPS = ["wp-lezer"]
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert User.objects.get().email == "gast@buurgemeente.example"


def test_an_existing_account_is_linked_only_when_configured_and_verified(
    client, sso, settings, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="bert@gemeente.example", role=Role.LEZER)
    unverified = person(sso, groups=["wp-medewerker"], email="bert@gemeente.example", email_verified=False)
    verified = person(sso, groups=["wp-medewerker"], email="bert@gemeente.example")

    assert sign_in(client, sso, verified, django_capture_on_commit_callbacks).status_code == 403
    settings.OIDC_LINK_EXISTING_ACCOUNTS = True
    assert sign_in(client, sso, unverified, django_capture_on_commit_callbacks).status_code == 403
    assert refusal_reasons() == ["email_taken", "email_taken"]

    response = sign_in(client, sso, verified, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert logged_in_user(client) == str(existing.pk)
    existing.refresh_from_db()
    assert existing.role == Role.MEDEWERKER
    assert ExternalIdentity.objects.get(user=existing).subject == verified


def test_a_coordinator_account_is_never_signed_in_through_sso(
    client, sso, settings, django_capture_on_commit_callbacks
):
    settings.OIDC_LINK_EXISTING_ACCOUNTS = True
    UserFactory(email="cor@gemeente.example", role=Role.COORDINATOR)
    sub = person(sso, groups=["wp-beheer"], email="cor@gemeente.example")
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert User.objects.get(email="cor@gemeente.example").role == Role.COORDINATOR


# --- what the relying party refuses ---------------------------------------------------------------


def test_a_wrong_state_is_refused_before_the_code_is_used(client, sso, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["wp-lezer"])
    callback = sso.log_in(start(client), sub)
    state = parse_qs(urlsplit(callback).query)["state"][0]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(callback_path(callback.replace(state, "vervalst-" + state[:20])))
    assert response.status_code == 400
    assert DID_NOT_WORK in response.content.decode()
    assert logged_in_user(client) is None
    assert refusal_reasons() == ["state"]

    # The forged answer did not spend the code: the real one still works (once).
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(callback_path(callback)).status_code == 302


def test_another_browser_cannot_use_the_answer(client, sso, django_capture_on_commit_callbacks):
    """The state lives in the session of the browser that started: a stolen callback URL is useless."""
    sub = person(sso, groups=["wp-lezer"])
    callback = sso.log_in(start(client), sub)
    attacker = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = attacker.get(callback_path(callback))
    assert response.status_code == 400 and logged_in_user(attacker) is None
    assert refusal_reasons() == ["state"]


def test_a_replayed_answer_and_a_replayed_code_are_refused(client, sso, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["wp-lezer"])
    callback = sso.log_in(start(client), sub)
    flows = dict(client.session[oidc.SESSION_FLOWS])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(callback_path(callback)).status_code == 302
    client.logout()

    # The same answer again: its state was used up.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(callback_path(callback))
    assert response.status_code == 400 and logged_in_user(client) is None

    # Even with the attempt's secrets put back, the provider refuses the used code.
    session = client.session
    session[oidc.SESSION_FLOWS] = flows
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(callback_path(callback))
    assert response.status_code == 400 and logged_in_user(client) is None
    assert refusal_reasons() == ["state", "token_refused"]
    assert events("sso_refused")[-1].detail["error"] == "invalid_grant"


def forged_id_token(key, claims, alg="RS256", kid="test-op-1"):
    return jwt.encode({"alg": alg, "kid": kid}, claims, key)


def test_an_id_token_signed_with_another_key_is_refused(client, sso, monkeypatch, django_capture_on_commit_callbacks):
    """The provider answers for real; its ID token is swapped for one with the same claims and key id,
    signed with a key that is not the provider's."""
    sub = person(sso, groups=["wp-beheer"])
    real_exchange = oidc.exchange_code
    rogue = RSAKey.generate_key(2048)

    def swap(*args):
        tokens = real_exchange(*args)
        genuine = jwt.decode(tokens["id_token"], oidc.provider_keys(), algorithms=["RS256"])
        return {**tokens, "id_token": forged_id_token(rogue, genuine.claims, kid=genuine.header["kid"])}

    monkeypatch.setattr(oidc, "exchange_code", swap)
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and logged_in_user(client) is None
    assert not User.objects.exists()
    [refused] = events("sso_refused")
    assert (refused.detail["reason"], refused.detail["error"]) == ("id_token_signature", "bad_signature")


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda claims: forged_id_token(OctKey.import_key("x" * 32), claims, alg="HS256"), id="hmac"),
        pytest.param(
            lambda claims: forged_id_token(RSAKey.generate_key(2048), claims, kid="onbekend"), id="unknown-key"
        ),
        pytest.param(
            lambda claims: (
                "eyJhbGciOiJub25lIn0."
                + jwt.encode({"alg": "HS256"}, claims, OctKey.import_key("x" * 32)).split(".")[1]
                + "."
            ),
            id="none",
        ),
        pytest.param(lambda claims: "geen.jwt", id="garbage"),
    ],
)
def test_id_tokens_without_the_providers_rs256_signature_are_refused(sso, settings, make):
    claims = {
        "iss": sso.issuer,
        "aud": settings.OIDC_CLIENT_ID,
        "sub": "x",
        "nonce": "n",
        "iat": int(time.time()),
        "exp": int(time.time()) + 60,
    }
    with pytest.raises(oidc.SSOError) as refused:
        oidc.verify_id_token(make(claims), nonce="n")
    assert refused.value.reason == "id_token_signature"


def test_an_expired_id_token_is_refused(client, sso, monkeypatch, django_capture_on_commit_callbacks):
    """A real ID token, checked two hours after the provider issued it (its lifetime is one hour)."""
    sub = person(sso, groups=["wp-beheer"])
    monkeypatch.setattr(oidc, "now", lambda: time.time() + 7200)
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and DID_NOT_WORK in response.content.decode()
    assert logged_in_user(client) is None
    assert refusal_reasons() == ["id_token_expired"]


def test_an_id_token_from_the_future_is_refused(client, sso, monkeypatch, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["wp-beheer"])
    monkeypatch.setattr(oidc, "now", lambda: time.time() - 600)
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert refusal_reasons() == ["id_token_iat"]


GOOD = {"iss": "https://op.example", "aud": "wijkpartner", "sub": "s1", "nonce": "n1"}


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"iss": "https://andere-op.example"}, "id_token_iss"),
        ({"aud": "een-andere-client"}, "id_token_aud"),
        ({"aud": ["wijkpartner", "een-andere-client"]}, "id_token_azp"),
        ({"azp": "een-andere-client"}, "id_token_azp"),
        ({"exp": -120}, "id_token_expired"),
        ({"exp": None}, "id_token_expired"),
        ({"iat": 300}, "id_token_iat"),
        ({"iat": -3600}, "id_token_too_old"),
        ({"nbf": 300}, "id_token_nbf"),
        ({"nonce": "een-andere-nonce"}, "id_token_nonce"),
        ({"nonce": None}, "id_token_nonce"),
        ({"sub": ""}, "id_token_sub"),
    ],
)
def test_every_id_token_claim_is_checked(settings, change, reason):
    settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID, settings.OIDC_ACR_VALUES = "https://op.example", "wijkpartner", []
    moment = time.time()
    claims = {**GOOD, "iat": int(moment), "exp": int(moment) + 300}
    for name, value in change.items():
        if value is None:
            claims.pop(name)
        elif name in {"exp", "iat", "nbf"}:
            claims[name] = int(moment) + value
        else:
            claims[name] = value
    with pytest.raises(oidc.SSOError) as refused:
        oidc.check_id_token_claims(claims, nonce="n1")
    assert refused.value.reason == reason


def test_good_claims_pass_and_acr_is_checked_when_configured(settings):
    settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID, settings.OIDC_ACR_VALUES = "https://op.example", "wijkpartner", []
    claims = {
        **GOOD,
        "aud": ["wijkpartner", "x"],
        "azp": "wijkpartner",
        "iat": int(time.time()),
        "exp": int(time.time()) + 60,
    }
    oidc.check_id_token_claims(claims, nonce="n1")
    settings.OIDC_ACR_VALUES = ["urn:etoegang:core:assurance-class:loa3"]
    with pytest.raises(oidc.SSOError) as refused:
        oidc.check_id_token_claims(claims, nonce="n1")
    assert refused.value.reason == "id_token_acr"
    oidc.check_id_token_claims({**claims, "acr": "urn:etoegang:core:assurance-class:loa3"}, nonce="n1")


def test_a_cancelled_sign_in_at_the_provider_is_refused_and_logged(client, sso, django_capture_on_commit_callbacks):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("accounts:sso_callback"), {"state": state, "error": "access_denied"})
    assert response.status_code == 400
    [refused] = events("sso_refused")
    assert (refused.detail["reason"], refused.detail["error"]) == ("provider_error", "access_denied")


def test_an_unreachable_provider_gives_a_clear_page(client, sso, settings, django_capture_on_commit_callbacks):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # discard: nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("accounts:sso_login"))
    assert response.status_code == 503 and "niet bereikbaar" in response.content.decode()
    assert refusal_reasons() == ["unavailable"]


def test_discovery_for_another_issuer_is_refused(client, sso, settings, django_capture_on_commit_callbacks):
    settings.OIDC_ISSUER = sso.issuer + "/"  # the document at the same place says it is someone else
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("accounts:sso_login"))
    assert response.status_code == 503
    assert events("sso_refused")[0].detail["step"] == "discovery_issuer"


def test_client_secret_basic_also_works(client, sso, settings, django_capture_on_commit_callbacks):
    registered = sso.register_client(redirect_uris=[CALLBACK])
    settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = registered["client_id"], registered["client_secret"]
    settings.OIDC_TOKEN_AUTH_METHOD = "client_secret_basic"
    sub = person(sso, groups=["wp-lezer"])
    assert sign_in(client, sso, sub, django_capture_on_commit_callbacks).status_code == 302
    assert User.objects.get().role == Role.LEZER


def test_the_subject_and_role_claims_can_be_configured(settings):
    settings.OIDC_ISSUER = "https://op.example"
    settings.OIDC_ROLE_CLAIM, settings.OIDC_SUBJECT_CLAIM = "realm_access.roles", "employee_id"
    identity = oidc.identity_from({"sub": "s", "employee_id": 4711, "realm_access": {"roles": ["wp-beheer"]}})
    assert (identity.subject, identity.groups) == ("4711", ["wp-beheer"])
    settings.OIDC_ROLE_CLAIM = "role"
    assert oidc.identity_from({"employee_id": "e1", "role": "wp-lezer"}).groups == ["wp-lezer"]
    with pytest.raises(oidc.SSOError) as refused:
        oidc.identity_from({"sub": "s", "email": "a@gemeente.example"})
    assert refused.value.reason == "subject_claim"


# --- logout, two-factor, the password form --------------------------------------------------------


def test_logout_ends_the_session_here_and_at_the_provider(client, sso, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["wp-medewerker"])
    sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    id_token = client.session[oidc.SESSION_SSO]["id_token"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:logout"))
    assert logged_in_user(client) is None
    assert events("logout")
    end_session = response["Location"]
    assert end_session.startswith(sso.issuer + "/session/end")
    query = parse_qs(urlsplit(end_session).query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [LOGGED_OUT]
    # The provider accepts the hint, asks to confirm, and sends the browser back to our login page.
    assert sso.log_out(end_session) == LOGGED_OUT


def test_a_password_login_logs_out_only_here(client, sso, settings):
    settings.OIDC_STAFF_PASSWORD_LOGIN = True
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")


def test_sso_users_are_not_asked_for_the_apps_own_second_factor(
    client, sso, settings, django_capture_on_commit_callbacks
):
    settings.OTP_REQUIRED_ROLES = ["beheerder"]
    sub = person(sso, groups=["wp-beheer"])
    response = sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("overview:home")
    assert client.get(reverse("overview:home")).status_code == 200
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "vraagt om de tweede factor" in profile
    assert reverse("accounts:password_change") not in profile

    # The same role logging in with a password must still set up the app's second factor.
    settings.OIDC_STAFF_PASSWORD_LOGIN = True
    other = Client()
    UserFactory(email="wachtwoord@gemeente.example", role=Role.BEHEERDER)
    other.post(reverse("accounts:login"), {"username": "wachtwoord@gemeente.example", "password": PASSWORD})
    assert reverse("accounts:two_factor_setup") in other.get(reverse("overview:home"))["Location"]


def test_the_login_page_offers_sso_to_staff_and_the_password_form_to_coordinators(client, sso, settings):
    page = client.get(reverse("accounts:login") + "?next=/buurten/").content.decode()
    assert "Inloggen met uw gemeenteaccount" in page
    assert f'href="{reverse("accounts:sso_login")}?next=/buurten/"' in page
    assert "Initiatiefnemers" in page and 'name="password"' in page
    settings.OIDC_ENABLED = False
    page = client.get(reverse("accounts:login")).content.decode()
    assert "gemeenteaccount" not in page and 'name="password"' in page


@pytest.mark.parametrize("role", ["beheerder", "medewerker", "lezer"])
def test_staff_are_refused_at_the_password_form_while_sso_is_on(client, sso, role, django_capture_on_commit_callbacks):
    user = UserFactory(email="staf@gemeente.example", role=role)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:login"), {"username": "staf@gemeente.example", "password": PASSWORD})
    assert response.status_code == 200
    assert "Medewerkers van de gemeente loggen in met hun gemeenteaccount" in response.content.decode()
    assert logged_in_user(client) is None
    [refused] = events("password_login_refused")
    assert refused.actor == user and refused.result == "failure" and refused.detail["reason"] == "sso_only"


def test_a_wrong_password_reveals_nothing_about_staff(client, sso, django_capture_on_commit_callbacks):
    UserFactory(email="staf@gemeente.example", role=Role.BEHEERDER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:login"), {"username": "staf@gemeente.example", "password": "fout"})
    assert "gemeenteaccount" not in response.content.decode().split("<form")[1]
    assert "Het e-mailadres of wachtwoord klopt niet" in response.content.decode()
    assert not events("password_login_refused") and events("login_failed")


def test_staff_may_keep_the_password_login_when_configured(client, sso, settings):
    settings.OIDC_STAFF_PASSWORD_LOGIN = True
    UserFactory(email="staf@gemeente.example", role=Role.BEHEERDER)
    response = client.post(reverse("accounts:login"), {"username": "staf@gemeente.example", "password": PASSWORD})
    assert response.status_code == 302 and logged_in_user(client)


def test_coordinators_log_in_and_accept_invitations_with_sso_on(
    client, sso, medewerker, django_capture_on_commit_callbacks
):
    # A coordinator who has an account logs in with the password form.
    UserFactory(email="cor@initiatief.example", role=Role.COORDINATOR)
    response = client.post(reverse("accounts:login"), {"username": "cor@initiatief.example", "password": PASSWORD})
    assert response.status_code == 302 and logged_in_user(client)
    client.logout()

    # A new coordinator accepts an invitation and sets a password, as without SSO.
    staff = Client()
    staff.force_login(medewerker)
    initiative = InitiativeFactory()
    _, path = send_invitation(staff, initiative, "nieuw@initiatief.example", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    client.get(path)
    response = create_account(client)
    assert response.status_code == 302
    coordinator = User.objects.get(email="nieuw@initiatief.example")
    assert coordinator.role == Role.COORDINATOR and logged_in_user(client) == str(coordinator.pk)
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": "nieuw@initiatief.example", "password": "Zonnepanelen-op-elk-dak-2026"}
    )
    assert response.status_code == 302 and logged_in_user(client) == str(coordinator.pk)


# --- when SSO is off, and the configuration -------------------------------------------------------


def test_the_sso_addresses_do_not_exist_while_sso_is_off(client, settings):
    settings.OIDC_ENABLED = False
    for name in ["accounts:sso_login", "accounts:sso_callback", "accounts:sso_jwks"]:
        assert client.get(reverse(name)).status_code == 404


def test_our_public_key_is_published_for_private_key_jwt(client, sso, rp_key_file):
    keys = client.get(reverse("accounts:sso_jwks")).json()["keys"]
    assert [k["kty"] for k in keys] == ["RSA"] and "d" not in keys[0]
    assert keys[0]["n"] == RSAKey.import_key(rp_key_file.read_bytes()).as_dict()["n"]


def check_ids():
    return sorted({problem.id for problem in checks.check_oidc_settings()})


def test_system_checks_name_what_is_missing(settings, sso):
    assert [p for p in checks.check_oidc_settings() if p.level >= django_checks.WARNING] == []
    settings.OIDC_ISSUER = "http://login.gemeente.example"
    settings.OIDC_ROLE_MAPPING = ["wp-baas=directeur"]
    settings.OIDC_CLIENT_PRIVATE_KEY_FILE = "/bestaat/niet.pem"
    settings.OIDC_ALLOWED_DOMAINS = []
    assert check_ids() == ["accounts.E101", "accounts.E102", "accounts.E104", "accounts.I105"]
    settings.OIDC_TOKEN_AUTH_METHOD = "client_secret_jwt"
    assert "accounts.E103" in check_ids()
    settings.OIDC_ENABLED = False
    assert check_ids() == []


def test_sso_settings_are_read_from_the_environment_and_checked_at_start():
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.OIDC_ROLE_MAPPING, settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    environ = {
        "OIDC_ENABLED": "true",
        "OIDC_ISSUER": "https://login.gemeente.example/realms/medewerkers",
        "OIDC_ROLE_MAPPING": "wp-beheer=beheerder, wp-lezer=lezer",
    }
    result = run_fresh(["-c", probe], **environ)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "['wp-beheer=beheerder', 'wp-lezer=lezer'] [\"'self'\", 'https://login.gemeente.example']"
    )
    # Half a configuration stops the deploy check (no client, no key).
    result = run_fresh(["manage.py", "check", "--deploy"], **environ)
    assert result.returncode != 0
    assert "accounts.E101" in result.stderr and "accounts.E104" in result.stderr


def test_a_technical_admin_sees_the_links(client, sso, django_capture_on_commit_callbacks):
    sub = person(sso, groups=["wp-lezer"])
    sign_in(client, sso, sub, django_capture_on_commit_callbacks)
    admin = UserFactory(role=Role.BEHEERDER, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:accounts_externalidentity_changelist")).content.decode()
    assert sub in page
