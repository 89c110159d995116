"""The NLGov REST API Design Rules the API follows, one test (or a few) per rule."""

import re

import pytest
from django.test import override_settings
from django.urls import URLPattern, reverse

from accounts.tests.factories import UserFactory
from api import API_VERSION, urls
from api.tests.helpers import neighbourhood_with_steps, published_partnership, published_policy
from neighbourhoods import crs
from neighbourhoods.tests.factories import BuurtFactory, WijkFactory

pytestmark = pytest.mark.django_db

CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
RD_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


@pytest.fixture
def data():
    wijk, buurt = neighbourhood_with_steps()
    partnership = published_partnership(buurt)
    published_policy()
    return {"wijk": wijk, "buurt": buurt, "partnership": partnership}


def every_address(data):
    code = data["buurt"].code
    return [
        "/api/v1",
        "/api/v1/openapi.json",
        "/api/v1/neighbourhoods",
        f"/api/v1/neighbourhoods/{code}",
        f"/api/v1/neighbourhoods/{code}/partnerships",
        f"/api/v1/neighbourhoods/{code}/boundary",
        "/api/v1/boundaries",
        "/api/v1/crss",
        "/api/v1/partnerships",
        f"/api/v1/partnerships/{data['partnership'].pk}",
        "/api/v1/ways-of-working",
        "/api/v1/ways-of-working/current",
        "/api/v1/ways-of-working/1",
    ]


# /core/uri-version and /core/version-header


def test_the_major_version_is_in_the_uri_and_the_full_version_in_a_header_of_every_answer(api, data):
    assert reverse("api:root") == "/api/v1" and API_VERSION.startswith("1.")
    for url in every_address(data):
        response = api.get(url)
        assert response.status_code == 200, url
        assert response["API-Version"] == API_VERSION, url
    # Errors too.
    assert api.get("/api/v1/neighbourhoods/BU99999999")["API-Version"] == API_VERSION
    assert api.get("/api/v1/neighbourhoods?kind=stad")["API-Version"] == API_VERSION
    assert api.get("/api/v1/unknown")["API-Version"] == API_VERSION


# /core/no-trailing-slash


def test_a_trailing_slash_is_a_404_problem_never_a_redirect(api, data, settings):
    assert settings.APPEND_SLASH
    for url in ["/api/", *every_address(data)]:
        response = api.get(url + "/")
        body = problem(response, 404)
        assert "Location" not in response
        assert "slash" in body["detail"] or "schuine streep" in body["detail"]


def test_no_address_of_the_api_ends_with_a_slash():
    routes = [str(p.pattern) for p in urls.urlpatterns if isinstance(p, URLPattern)]
    assert routes and not [route for route in routes if route.endswith("/")]


# /core/error-handling/problem-details and /core/error-handling/invalid-input


def test_invalid_input_is_400_with_problem_json_naming_each_parameter(api):
    response = api.get("/api/v1/neighbourhoods?kind=stad&pageSize=0&municipality=0402")
    body = problem(response, 400)
    assert body["instance"] == "/api/v1/neighbourhoods"
    assert sorted(p["name"] for p in body["invalidParams"]) == ["kind", "municipality", "pageSize"]
    assert all(p["reason"] and p["code"] for p in body["invalidParams"])
    problem(api.get("/api/v1/partnerships?page=abc"), 400)


def test_other_errors_are_problems_too(api, data):
    problem(api.get("/api/v1/unknown"), 404)
    problem(api.get("/api/v1/neighbourhoods/BU99999999"), 404)
    problem(api.get("/api/v1/neighbourhoods/BU0402%00/boundary"), 404)  # no NUL byte reaches PostgreSQL
    problem(api.get(f"/api/v1/partnerships/{2**40}"), 404)
    problem(api.get("/api/v1/ways-of-working/99"), 404)
    problem(api.post("/api/v1/neighbourhoods", {}), 405)
    problem(api.delete(f"/api/v1/neighbourhoods/{data['buurt'].code}"), 405)


def test_a_server_error_is_a_problem(api, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr("api.queries.neighbourhoods", broken)
    api.raise_request_exception = False
    problem(api.get("/api/v1/neighbourhoods"), 500)


# Pagination with links


def test_lists_are_paged_with_links_that_keep_the_other_parameters(api):
    wijk = WijkFactory()
    BuurtFactory.create_batch(45, parent=wijk)
    response = api.get("/api/v1/neighbourhoods?kind=buurt&pageSize=20&page=2")
    body = response.json()
    assert (body["page"], body["pageSize"], body["totalItems"], body["totalPages"]) == (2, 20, 45, 3)
    assert len(body["neighbourhoods"]) == 20
    links = {rel: link["href"] for rel, link in body["links"].items()}
    assert set(links) == {"self", "first", "prev", "next", "last"}
    for rel, page in [("self", 2), ("first", 1), ("prev", 1), ("next", 3), ("last", 3)]:
        assert links[rel].startswith("http://testserver/api/v1/neighbourhoods?")
        assert "kind=buurt" in links[rel] and "pageSize=20" in links[rel] and f"page={page}" in links[rel]
    last = api.get(links["last"]).json()
    assert len(last["neighbourhoods"]) == 5 and "next" not in last["links"]
    assert "prev" not in api.get(links["first"]).json()["links"]
    problem(api.get("/api/v1/neighbourhoods?kind=buurt&pageSize=20&page=4"), 404)
    assert api.get("/api/v1/neighbourhoods?pageSize=100").json()["pageSize"] == 100
    problem(api.get("/api/v1/neighbourhoods?pageSize=101"), 400)


# /core/date-time: dates as dates, timestamps with their offset


def test_dates_are_dates_and_timestamps_carry_their_time_zone(api, data):
    buurt = api.get(f"/api/v1/neighbourhoods/{data['buurt'].code}").json()
    assert buurt["facts"]["wupDate"] == "2026-05-01"
    assert buurt["role"]["decidedOn"] == "2026-03-02"
    assert buurt["goals"]["kort"][0]["progress"] == [{"date": "2026-04-01", "value": 4.0}]
    published_at = api.get("/api/v1/ways-of-working/current").json()["publishedAt"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)", published_at)


# /core/publish-openapi, kebab-case paths, lowerCamelCase query keys


def test_the_openapi_document_is_served_without_authentication(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["version"] == API_VERSION
    assert set(document["info"]["contact"]) == {"name", "email", "url"}
    assert document["servers"] == [{"url": "/api/v1", "description": "This installation"}]
    for path, operations in document["paths"].items():
        assert re.fullmatch(r"(/([a-z0-9-]+|\{[a-z]+\}))+", path), path
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    assert re.fullmatch(r"[a-z][a-zA-Z0-9]*", parameter["name"]), parameter["name"]
            for status, answer in operation["responses"].items():
                assert "API-Version" in answer["headers"], (path, status)
                if status.startswith(("4", "5")):
                    assert list(answer["content"]) == ["application/problem+json"], (path, status)


# CORS for reading


def test_any_origin_may_read_and_the_preflight_allows_the_headers_clients_send(api, data):
    response = api.get("/api/v1/neighbourhoods", HTTP_ORIGIN="https://kaart.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Content-Crs" in response["Access-Control-Expose-Headers"]
    assert "API-Version" in response["Access-Control-Expose-Headers"]
    preflight = api.options(
        f"/api/v1/neighbourhoods/{data['buurt'].code}/boundary",
        HTTP_ORIGIN="https://kaart.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept-crs, x-api-key",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert {"Accept-Crs", "X-Api-Key"} <= set(preflight["Access-Control-Allow-Headers"].split(", "))
    problem(api.options("/api/v1/unknown", HTTP_ORIGIN="https://kaart.example.org"), 404)
    # Only the API: the pages of the app send no CORS header.
    assert "Access-Control-Allow-Origin" not in api.get(reverse("core:healthz"))


# Geospatial module: GeoJSON, CRS84 by default, RD New with Accept-Crs, Content-Crs


def test_boundaries_are_geojson_in_wgs84_by_default(api, data):
    code = data["buurt"].code
    response = api.get(f"/api/v1/neighbourhoods/{code}/boundary")
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Crs"] == f"<{CRS84_URI}>"
    feature = response.json()
    assert (feature["type"], feature["id"], feature["properties"]["code"]) == ("Feature", code, code)
    assert feature["geometry"]["coordinates"][0][0] == [5.17, 52.22]
    collection = api.get("/api/v1/boundaries?kind=buurt")
    assert collection["Content-Type"] == "application/geo+json"
    body = collection.json()
    assert body["type"] == "FeatureCollection" and body["numberMatched"] == body["numberReturned"] == 1
    assert body["features"][0] == feature


@pytest.mark.parametrize("asked", [RD_URI, f"<{RD_URI}>", "EPSG:28992", "epsg:28992", "urn:ogc:def:crs:EPSG::28992"])
def test_rd_new_on_request_with_accept_crs(api, data, asked):
    response = api.get(f"/api/v1/neighbourhoods/{data['buurt'].code}/boundary", HTTP_ACCEPT_CRS=asked)
    assert response.status_code == 200
    assert response["Content-Crs"] == f"<{RD_URI}>"
    assert "Accept-Crs" in response["Vary"]
    x, y = response.json()["geometry"]["coordinates"][0][0]
    assert (x, y) == pytest.approx(crs.wgs84_to_rd(5.17, 52.22), abs=0.01)
    assert api.get("/api/v1/boundaries", HTTP_ACCEPT_CRS=asked)["Content-Crs"] == f"<{RD_URI}>"


def test_a_boundary_stored_in_rd_is_converted_to_wgs84_and_given_as_stored_in_rd(api):
    square = [[140000.0, 470000.0], [140100.0, 470000.0], [140100.0, 470100.0], [140000.0, 470000.0]]
    buurt = BuurtFactory(geometry={"type": "Polygon", "coordinates": [square]}, geometry_crs="EPSG:28992")
    url = f"/api/v1/neighbourhoods/{buurt.code}/boundary"
    lon, lat = api.get(url).json()["geometry"]["coordinates"][0][0]
    assert (lon, lat) == pytest.approx(crs.rd_to_wgs84(140000, 470000), abs=1e-7)
    assert api.get(url, HTTP_ACCEPT_CRS="EPSG:28992").json()["geometry"]["coordinates"][0] == square
    # Without a boundary: a Feature with a null geometry.
    empty = BuurtFactory(geometry=None)
    assert api.get(f"/api/v1/neighbourhoods/{empty.code}/boundary").json()["geometry"] is None


def test_an_unsupported_crs_is_406(api, data):
    body = problem(api.get(f"/api/v1/neighbourhoods/{data['buurt'].code}/boundary", HTTP_ACCEPT_CRS="EPSG:4326"), 406)
    assert RD_URI in body["detail"]
    problem(api.get("/api/v1/boundaries", HTTP_ACCEPT_CRS="EPSG:3857"), 406)


def test_the_supported_crss_are_listed_default_first(api):
    assert api.get("/api/v1/crss").json() == {"crs": [CRS84_URI, RD_URI]}


# Caching: ETag and conditional GET


def test_an_unchanged_answer_is_304_with_its_etag_and_headers(api, data):
    url = f"/api/v1/neighbourhoods/{data['buurt'].code}"
    first = api.get(url)
    etag = first["ETag"]
    assert etag and first["Cache-Control"] == "public, max-age=60"
    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["API-Version"] == API_VERSION
    assert again["Access-Control-Allow-Origin"] == "*"
    data["buurt"].name = "Nieuwe naam"
    data["buurt"].save()
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    # Another CRS is another representation, with its own ETag.
    boundary = f"/api/v1/neighbourhoods/{data['buurt'].code}/boundary"
    assert api.get(boundary)["ETag"] != api.get(boundary, HTTP_ACCEPT_CRS="EPSG:28992")["ETag"]


# Rate limit per client


@override_settings(API_RATE_LIMIT="3/minute")
def test_more_requests_than_the_rate_limit_get_429_with_retry_after(api):
    for _ in range(3):
        assert api.get("/api/v1/crss").status_code == 200
    response = api.get("/api/v1/neighbourhoods")
    body = problem(response, 429)
    assert int(response["Retry-After"]) > 0
    assert response["Retry-After"] in body["detail"]
    # Another client (another address) has its own count.
    assert api.get("/api/v1/crss", REMOTE_ADDR="192.0.2.7").status_code == 200


@override_settings(
    API_RATE_LIMIT="2/minute", AXES_IPWARE_META_PRECEDENCE_ORDER=("HTTP_X_FORWARDED_FOR",), AXES_IPWARE_PROXY_COUNT=0
)
def test_behind_a_proxy_the_rate_limit_counts_per_client_address_from_its_header(api):
    """One proxy (AXES_PROXY_COUNT=1): every request comes from the proxy's address; the client is
    the address the proxy appended, whatever the client put before it."""

    def get(client, claimed=""):
        forwarded = f"{claimed}, {client}" if claimed else client
        return api.get("/api/v1/crss", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [get("198.51.100.1"), get("198.51.100.1", claimed="1.2.3.4"), get("198.51.100.1")] == [200, 200, 429]
    assert get("198.51.100.2") == 200


# The API ignores the login session


@override_settings(OTP_REQUIRED_ROLES=["beheerder"])
def test_a_logged_in_browser_gets_what_anyone_gets_without_login_redirects(client, data):
    anonymous = client.get("/api/v1/neighbourhoods").content
    client.force_login(UserFactory(beheerder=True))  # must set up two-factor first: pages redirect
    assert client.get(reverse("overview:home")).status_code == 302
    response = client.get("/api/v1/neighbourhoods")
    assert response.status_code == 200 and response.content == anonymous
    assert "Set-Cookie" not in response and "sessionid" not in response.cookies
