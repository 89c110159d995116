"""The finishing touches drf-spectacular cannot make from the views: the document's info and
contact, the headers every response carries (API-Version; ETag, Content-Crs, Retry-After where
they apply) and, when the API needs a key, its security scheme and 401 answers."""

from django.conf import settings

from api import API_VERSION, access

DESCRIPTION = """Open data of the municipality's partnerships with resident energy initiatives in the
heat transition: the municipality's role and goals per wijk and buurt, its way of working with
initiatives, and the partnerships of initiatives that agreed to be published.

Read-only. Made by the NLGov REST API Design Rules: errors are `application/problem+json`, lists
are paged with links, boundaries are GeoJSON in WGS 84 (or RD New with `Accept-Crs`).
Documentation for users: docs/api.md in the Wijkpartner repository."""

HEADERS = {
    "API-Version": {
        "description": "The full version of the API (the major version is in the URI).",
        "schema": {"type": "string", "example": API_VERSION},
    },
    "ETag": {
        "description": "Send it back in If-None-Match: an unchanged answer is 304 Not Modified.",
        "schema": {"type": "string"},
    },
    "Content-Crs": {
        "description": "The coordinate reference system of the geometry (URI in angle brackets).",
        "schema": {"type": "string", "example": "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"},
    },
    "Retry-After": {"description": "Seconds until the client may send again.", "schema": {"type": "integer"}},
    "WWW-Authenticate": {"description": "Names the header that carries the API key.", "schema": {"type": "string"}},
}
SECURITY_SCHEME = {
    "type": "apiKey",
    "in": "header",
    "name": access.KEY_HEADER,
    "description": "A key the municipality's administrator issues (only when the municipality requires keys).",
}


def _ref(name):
    return {"$ref": f"#/components/headers/{name}"}


def _problem_response(description):
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def postprocess(result, generator, request, public):
    contact_url = settings.API_CONTACT_URL or (request.build_absolute_uri("/") if request else "http://localhost/")
    result["info"] = {
        "title": settings.SPECTACULAR_SETTINGS["TITLE"],
        "version": API_VERSION,
        "description": DESCRIPTION,
        "contact": {"name": settings.SITE_NAME, "email": settings.API_CONTACT_EMAIL, "url": contact_url},
    }
    components = result.setdefault("components", {})
    components["headers"] = HEADERS
    needs_key = access.mode() == access.KEY
    if needs_key:
        components["securitySchemes"] = {"ApiKey": SECURITY_SCHEME}
        result["security"] = [{"ApiKey": []}]
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            operation.pop("security", None)  # the document-wide requirement above, or none
            responses = operation["responses"]
            if needs_key:
                responses["401"] = _problem_response("No API key, or one that is unknown or revoked.")
                responses["401"]["headers"] = {"WWW-Authenticate": _ref("WWW-Authenticate")}
            for status, response in responses.items():
                headers = response.setdefault("headers", {})
                headers["API-Version"] = _ref("API-Version")
                if status in ("200", "304"):
                    headers["ETag"] = _ref("ETag")
                if status == "200" and "application/geo+json" in response.get("content", {}):
                    headers["Content-Crs"] = _ref("Content-Crs")
                if status == "429":
                    headers["Retry-After"] = _ref("Retry-After")
    result["tags"] = [
        {"name": "neighbourhoods", "description": "Wijken and buurten: CBS facts, the municipality's role, goals."},
        {"name": "partnerships", "description": "Partnerships with initiatives that agreed to be published."},
        {"name": "ways of working", "description": "The municipality's way of working with resident initiatives."},
        {"name": "geo", "description": "Boundaries as GeoJSON, in WGS 84 or RD New."},
    ]
    return result
