"""Single sign-on for municipal staff: an OpenID Connect relying party after the NL GOV Assurance profile.

The authorization code flow, with every check the profile asks of a relying party:

1. `begin`: a fresh `state`, `nonce` and PKCE `code_verifier` (S256) per attempt, kept in the session
   (up to MAX_FLOWS attempts at once, FLOW_SECONDS each); the browser goes to the provider's
   authorization endpoint.
2. `complete`: back at the callback, the `state` must be one we handed out and is used up at once
   (a replayed or forged response finds nothing); an `iss` parameter must be our issuer (RFC 9207);
   the code is exchanged at the token endpoint with the verifier and client authentication
   (`private_key_jwt` by default, as the profile asks); the ID token's signature is checked with the
   provider's JWKS (RS256 only; "none", HMAC and unknown keys are refused) and its claims `iss`,
   `aud` (and `azp`), `exp`, `iat`, `nbf`, `nonce` and `sub`; claims from the userinfo endpoint are
   added only when their `sub` is the ID token's.

Provider metadata comes from discovery (its `issuer` must be ours) and is cached with the keys for
CACHE_SECONDS; an ID token signed with a key we do not know yet fetches the keys once more (rotation).

What the verified identity may do (which account, which role) is decided in `accounts/oidc_users.py`;
the pages are in `accounts/oidc_views.py`. Nothing here writes to the database.
"""

import base64
import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import requests
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet, RSAKey

# Session keys: the attempts under way, and (after signing in) what logout needs.
SESSION_FLOWS = "_oidc_flows"
SESSION_SSO = "_sso"

FLOW_SECONDS = 600
MAX_FLOWS = 5
# Signature algorithms accepted for ID tokens (and signed userinfo): the profile's RS256 only.
ALGORITHMS = ["RS256"]
# How long after its `iat` an ID token is still accepted: it is used at once, or not at all.
ID_TOKEN_MAX_AGE = 600
CACHE_SECONDS = 3600
TOKEN_AUTH_METHODS = ("private_key_jwt", "client_secret_basic", "client_secret_post")
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class SSOError(Exception):
    """Signing in through the provider cannot go on.

    `reason` is a short code for the security log and the page shown; `detail` adds what helps a
    beheerder (an error code of the provider), never a token or secret.
    """

    def __init__(self, reason: str, detail: dict | None = None):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail or {}


class ProviderUnavailable(SSOError):
    """The provider could not be reached or answered nonsense: nobody's fault in the browser."""


@dataclass
class Identity:
    """A person as the provider vouched for them, after every check."""

    issuer: str
    subject: str
    email: str = ""
    email_verified: bool = False
    name: str = ""
    groups: list[str] = field(default_factory=list)
    acr: str = ""
    amr: list[str] = field(default_factory=list)


@dataclass
class SignIn:
    identity: Identity
    next_url: str
    id_token: str
    sid: str = ""


def enabled() -> bool:
    return bool(settings.OIDC_ENABLED)


def now() -> float:
    """The clock the ID token's times are checked against (a test moves it; the attempts in the
    session keep time.time())."""
    return time.time()


def signed_in_with_sso(request) -> bool:
    """Whether this login came through the provider (whose second factor then counts)."""
    session = getattr(request, "session", None)
    return session is not None and SESSION_SSO in session


# --- the provider's metadata and keys ------------------------------------------------------------


def discovery_url() -> str:
    return settings.OIDC_DISCOVERY_URL or settings.OIDC_ISSUER.rstrip("/") + "/.well-known/openid-configuration"


def _get_json(url: str, reason: str) -> dict:
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT_SECONDS, headers={"Accept": "application/json"})
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(reason, {"url": url, "error": type(error).__name__}) from error
    if not isinstance(document, dict):
        raise ProviderUnavailable(reason, {"url": url, "error": "not a JSON object"})
    return document


def metadata(refresh: bool = False) -> dict:
    """The provider's discovery document, checked: it must be about our issuer."""
    key = f"oidc:metadata:{settings.OIDC_ISSUER}:{discovery_url()}"
    document = None if refresh else cache.get(key)
    if document is None:
        document = _get_json(discovery_url(), "discovery")
        if document.get("issuer") != settings.OIDC_ISSUER:
            raise ProviderUnavailable("discovery_issuer", {"issuer": str(document.get("issuer", ""))[:255]})
        missing = [k for k in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not document.get(k)]
        if missing:
            raise ProviderUnavailable("discovery", {"missing": missing})
        cache.set(key, document, CACHE_SECONDS)
    return document


def provider_keys(refresh: bool = False) -> KeySet:
    uri = metadata()["jwks_uri"]
    key = f"oidc:jwks:{uri}"
    document = None if refresh else cache.get(key)
    if document is None:
        document = _get_json(uri, "jwks")
        cache.set(key, document, CACHE_SECONDS)
    try:
        return KeySet.import_key_set(document)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise ProviderUnavailable("jwks", {"error": type(error).__name__}) from error


# --- Wijkpartner's own key and addresses -----------------------------------------------------------


def client_key() -> RSAKey:
    """Wijkpartner's private key for `private_key_jwt` (OIDC_CLIENT_PRIVATE_KEY_FILE)."""
    pem = Path(settings.OIDC_CLIENT_PRIVATE_KEY_FILE).read_bytes()
    key = RSAKey.import_key(pem)
    key.ensure_kid()
    return key


def client_jwks() -> dict:
    """The public half of our key, for the provider to check our client assertions."""
    public = client_key().as_dict(private=False)
    return {"keys": [{**public, "use": "sig", "alg": "RS256"}]}


def absolute_url(request, path: str) -> str:
    """A URL of this site: from SITE_URL when set (behind a proxy), else from the request."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + path
    return request.build_absolute_uri(path)


def callback_url(request) -> str:
    return absolute_url(request, reverse("accounts:sso_callback"))


def post_logout_url(request) -> str:
    return absolute_url(request, reverse(settings.LOGOUT_REDIRECT_URL))


# --- 1. to the provider ----------------------------------------------------------------------------


def _random() -> str:
    return secrets.token_urlsafe(32)  # 256 bits; the profile asks for at least 128


def code_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def scopes() -> list[str]:
    return ["openid", *[s for s in settings.OIDC_SCOPES if s != "openid"]]


def begin(request, next_url: str) -> str:
    """Start an attempt: remember its secrets in the session and return the provider's address."""
    authorization_endpoint = metadata()["authorization_endpoint"]
    state, nonce = _random(), _random()
    verifier = secrets.token_urlsafe(64)  # 86 characters: within PKCE's 43 to 128
    started = time.time()
    flows = {
        s: flow
        for s, flow in request.session.get(SESSION_FLOWS, {}).items()
        if flow["started"] > started - FLOW_SECONDS
    }
    flows[state] = {"nonce": nonce, "verifier": verifier, "next": next_url, "started": started}
    newest = sorted(flows.items(), key=lambda item: item[1]["started"])[-MAX_FLOWS:]
    request.session[SESSION_FLOWS] = dict(newest)
    params = {
        "response_type": "code",
        "client_id": settings.OIDC_CLIENT_ID,
        "redirect_uri": callback_url(request),
        "scope": " ".join(scopes()),
        "state": state,
        "nonce": nonce,
        "code_challenge": code_challenge(verifier),
        "code_challenge_method": "S256",
    }
    if settings.OIDC_ACR_VALUES:
        params["acr_values"] = " ".join(settings.OIDC_ACR_VALUES)
    separator = "&" if urlsplit(authorization_endpoint).query else "?"
    return f"{authorization_endpoint}{separator}{urlencode(params)}"


# --- 2. back from the provider ----------------------------------------------------------------------


def take_flow(request) -> dict:
    """The attempt this response answers, used up at once; SSOError('state') if there is none."""
    state = request.GET.get("state", "")
    flows = dict(request.session.get(SESSION_FLOWS, {}))
    flow = flows.pop(state, None) if state else None
    request.session[SESSION_FLOWS] = flows
    if flow is None:
        raise SSOError("state")
    if flow["started"] < time.time() - FLOW_SECONDS:
        raise SSOError("state_expired")
    return flow


def complete(request) -> SignIn:
    """Check the provider's answer at the callback and return who signed in."""
    flow = take_flow(request)
    params = request.GET
    if params.get("error"):
        raise SSOError("provider_error", {"error": params["error"][:100]})
    if "iss" in params and params["iss"] != settings.OIDC_ISSUER:
        raise SSOError("response_iss")
    code = params.get("code", "")
    if not code:
        raise SSOError("no_code")
    tokens = exchange_code(code, flow["verifier"], callback_url(request))
    id_token = tokens["id_token"]
    claims = verify_id_token(id_token, nonce=flow["nonce"])
    userinfo = fetch_userinfo(tokens.get("access_token", ""), claims["sub"])
    return SignIn(
        identity=identity_from({**userinfo, **claims}),
        next_url=flow["next"],
        id_token=id_token,
        sid=str(claims.get("sid", ""))[:255],
    )


def client_assertion(audience: str) -> str:
    """A fresh, single-use JWT that proves the token request comes from us (private_key_jwt)."""
    key = client_key()
    issued = int(time.time())
    claims = {
        "iss": settings.OIDC_CLIENT_ID,
        "sub": settings.OIDC_CLIENT_ID,
        "aud": audience,
        "jti": str(uuid.uuid4()),
        "iat": issued,
        "exp": issued + 60,
    }
    return jwt.encode({"alg": "RS256", "kid": key.kid, "typ": "JWT"}, claims, key)


def exchange_code(code: str, verifier: str, redirect_uri: str) -> dict:
    token_endpoint = metadata()["token_endpoint"]
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "code_verifier": verifier}
    auth = None
    method = settings.OIDC_TOKEN_AUTH_METHOD
    if method == "private_key_jwt":
        data |= {
            "client_id": settings.OIDC_CLIENT_ID,
            "client_assertion_type": CLIENT_ASSERTION_TYPE,
            "client_assertion": client_assertion(token_endpoint),
        }
    elif method == "client_secret_post":
        data |= {"client_id": settings.OIDC_CLIENT_ID, "client_secret": settings.OIDC_CLIENT_SECRET}
    else:  # client_secret_basic: both parts form-encoded first (RFC 6749, 2.3.1)
        auth = (quote(settings.OIDC_CLIENT_ID, safe=""), quote(settings.OIDC_CLIENT_SECRET, safe=""))
    try:
        response = requests.post(
            token_endpoint,
            data=data,
            auth=auth,
            timeout=settings.OIDC_TIMEOUT_SECONDS,
            headers={"Accept": "application/json"},
        )
    except requests.RequestException as error:
        raise ProviderUnavailable("token_endpoint", {"error": type(error).__name__}) from error
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code != 200 or not isinstance(body, dict):
        error = body.get("error", "") if isinstance(body, dict) else ""
        raise SSOError("token_refused", {"status": response.status_code, "error": str(error)[:100]})
    if str(body.get("token_type", "")).lower() != "bearer" or not isinstance(body.get("id_token"), str):
        raise SSOError("token_response")
    return body


def _decode(token: str) -> jwt.Token:
    """Check a JWT's signature against the provider's keys (fetched again once for an unknown key)."""
    try:
        try:
            return jwt.decode(token, provider_keys(), algorithms=ALGORITHMS)
        except InvalidKeyIdError:
            return jwt.decode(token, provider_keys(refresh=True), algorithms=ALGORITHMS)
    except JoseError as error:
        raise SSOError("id_token_signature", {"error": error.error}) from error
    except ValueError as error:  # not a JWT at all
        raise SSOError("id_token_signature", {"error": "malformed"}) from error


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def verify_id_token(id_token: str, *, nonce: str) -> dict:
    """The ID token's claims, after its signature and every claim the profile names are checked."""
    claims = _decode(id_token).claims
    check_id_token_claims(claims, nonce=nonce)
    return claims


def check_id_token_claims(claims: dict, *, nonce: str) -> None:
    client_id = settings.OIDC_CLIENT_ID
    leeway = settings.OIDC_CLOCK_SKEW_SECONDS
    moment = now()
    if claims.get("iss") != settings.OIDC_ISSUER:
        raise SSOError("id_token_iss")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience if isinstance(audience, list) else []
    if client_id not in audiences:
        raise SSOError("id_token_aud")
    if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != client_id:
        raise SSOError("id_token_azp")
    if not _number(claims.get("exp")) or moment > claims["exp"] + leeway:
        raise SSOError("id_token_expired")
    if not _number(claims.get("iat")) or claims["iat"] > moment + leeway:
        raise SSOError("id_token_iat")
    if claims["iat"] < moment - ID_TOKEN_MAX_AGE - leeway:
        raise SSOError("id_token_too_old")
    if "nbf" in claims and (not _number(claims["nbf"]) or claims["nbf"] > moment + leeway):
        raise SSOError("id_token_nbf")
    if not isinstance(claims.get("nonce"), str) or not secrets.compare_digest(claims["nonce"], nonce):
        raise SSOError("id_token_nonce")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise SSOError("id_token_sub")
    if settings.OIDC_ACR_VALUES and claims.get("acr") not in settings.OIDC_ACR_VALUES:
        raise SSOError("id_token_acr", {"acr": str(claims.get("acr", ""))[:100]})


def fetch_userinfo(access_token: str, subject: str) -> dict:
    """Claims from the userinfo endpoint (many providers put groups and e-mail only there)."""
    endpoint = metadata().get("userinfo_endpoint")
    if not endpoint or not access_token:
        return {}
    try:
        response = requests.get(
            endpoint, headers={"Authorization": f"Bearer {access_token}"}, timeout=settings.OIDC_TIMEOUT_SECONDS
        )
        response.raise_for_status()
    except requests.RequestException as error:
        raise ProviderUnavailable("userinfo", {"error": type(error).__name__}) from error
    if response.headers.get("Content-Type", "").split(";")[0].strip() == "application/jwt":
        claims = _decode(response.text).claims
        if claims.get("iss") != settings.OIDC_ISSUER or settings.OIDC_CLIENT_ID not in (
            [claims.get("aud")] if isinstance(claims.get("aud"), str) else claims.get("aud") or []
        ):
            raise SSOError("userinfo_claims")
    else:
        try:
            claims = response.json()
        except ValueError as error:
            raise ProviderUnavailable("userinfo", {"error": "not JSON"}) from error
    if not isinstance(claims, dict) or claims.get("sub") != subject:
        raise SSOError("userinfo_sub")
    return claims


def claim(claims: dict, path: str):
    """A claim by name, or by dotted path into nested objects (`realm_access.roles`)."""
    if path in claims:
        return claims[path]
    value = claims
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def identity_from(claims: dict) -> Identity:
    subject = claim(claims, settings.OIDC_SUBJECT_CLAIM)
    if isinstance(subject, int) and not isinstance(subject, bool):
        subject = str(subject)
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise SSOError("subject_claim", {"claim": settings.OIDC_SUBJECT_CLAIM})
    groups = claim(claims, settings.OIDC_ROLE_CLAIM)
    if isinstance(groups, str):
        groups = [groups]
    amr = claims.get("amr")
    return Identity(
        issuer=settings.OIDC_ISSUER,
        subject=subject,
        email=str(claims.get("email") or "").strip().lower(),
        email_verified=claims.get("email_verified") is True,
        name=str(claims.get("name") or "").strip()[:150],
        groups=[str(g) for g in groups] if isinstance(groups, list) else [],
        acr=str(claims.get("acr") or ""),
        amr=[str(a) for a in amr] if isinstance(amr, list) else [],
    )


# --- after signing in, and logging out ------------------------------------------------------------


def remember(request, sign_in: SignIn) -> None:
    """Mark the login as SSO (after `login()`, which renews the session) and keep what logout needs."""
    request.session[SESSION_SSO] = {
        "issuer": sign_in.identity.issuer,
        "id_token": sign_in.id_token,
        "sid": sign_in.sid,
    }


def logout_url(request, sso: dict) -> str | None:
    """The provider's end-session address (RP-initiated logout), or None when it offers none."""
    try:
        endpoint = metadata().get("end_session_endpoint")
    except SSOError:
        return None
    if not endpoint:
        return None
    params = {
        "id_token_hint": sso.get("id_token", ""),
        "post_logout_redirect_uri": post_logout_url(request),
        "client_id": settings.OIDC_CLIENT_ID,
    }
    separator = "&" if urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}{urlencode(params)}"
