"""The endpoints of /api/v1. Read-only and thin: the rows come from `api.queries`, their form from
`api.serializers`; errors, version header, CORS, ETags and access are handled around them
(`api.problems`, `api.middleware`, `api.access`)."""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers as drf_serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api import API_VERSION, geo, queries
from api import serializers as s
from api.pagination import PageQuery, paginate, validated
from api.problems import PROBLEM_JSON
from core.cache import cached
from neighbourhoods.models import BUURT_CODE_RE, GEMEENTE_CODE_RE, WIJK_CODE_RE, Neighbourhood

MAX_ID = 2**31 - 1  # larger ids exist nowhere (and would overflow the database's integer)

CBS_CODE = f"^({WIJK_CODE_RE.strip('^$')}|{BUURT_CODE_RE.strip('^$')})$"


class OneRepresentation(BaseContentNegotiation):
    """Every endpoint has one representation (JSON, or GeoJSON for boundaries): Accept is not
    negotiated, so a client asking for application/json gets the GeoJSON it also is."""

    def select_parser(self, request, parsers):
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ApiView(APIView):
    content_negotiation_class = OneRepresentation
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        """As DRF's, but the rate limit counts a request before access is decided, so requests
        with a wrong key are limited too."""
        self.format_kwarg = None
        request.accepted_renderer, request.accepted_media_type = self.perform_content_negotiation(request)
        request.version, request.versioning_scheme = None, None
        self.perform_authentication(request)
        self.check_throttles(request)
        self.check_permissions(request)


def cached_data(request, name: str, compute, *key):
    """A list endpoint's data (plain JSON-able values), cached until a table it was read from is
    written (core.cache): per address (its links are absolute), language and `key`."""
    return cached(f"api.{name}", (request.build_absolute_uri(), get_language(), *key), compute)


def problem(description):
    return OpenApiResponse(s.ProblemSerializer, description=description)


NOT_MODIFIED = OpenApiResponse(description="Not modified: the If-None-Match ETag is still current.")
TOO_MANY = {(429, PROBLEM_JSON): problem("Too many requests from this client; see Retry-After.")}
ERRORS = {(400, PROBLEM_JSON): problem("Invalid parameters (see invalidParams)."), **TOO_MANY}
NOT_FOUND = {(404, PROBLEM_JSON): problem("Not found.")}
PAGE_NOT_FOUND = {(404, PROBLEM_JSON): problem("A page past the last page.")}
NOT_ACCEPTABLE = {(406, PROBLEM_JSON): problem("A coordinate reference system in Accept-Crs that is not supported.")}
ACCEPT_CRS = OpenApiParameter(
    "Accept-Crs",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    enum=geo.ACCEPT_CRS_VALUES,
    description="The coordinate reference system of the geometry: CRS84 (WGS 84 longitude/latitude, the default) "
    "or RD New (EPSG:28992). The response names it in the Content-Crs header.",
)
CODE = OpenApiParameter(
    "code", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=CBS_CODE, description="CBS code of a wijk or buurt."
)


class NeighbourhoodQuery(PageQuery):
    kind = drf_serializers.ChoiceField(Neighbourhood.Kind.choices, required=False, help_text="wijk or buurt.")
    municipality = drf_serializers.RegexField(
        GEMEENTE_CODE_RE, required=False, help_text="CBS municipality code, e.g. GM0402."
    )
    parent = drf_serializers.RegexField(WIJK_CODE_RE, required=False, help_text="CBS code of a wijk: its buurten.")


def _int_or_404(value) -> int:
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


def _code_or_404(code: str) -> str:
    """A CBS code, or 404 before the database sees it (PostgreSQL refuses a NUL byte with an error)."""
    if not re.fullmatch(CBS_CODE, code):
        raise Http404
    return code


class RootView(ApiView):
    # Not in the OpenAPI document: its path would be "/" under the server URL /api/v1, an address
    # with a trailing slash; the landing page is /api/v1 (docs/api.md).
    @extend_schema(exclude=True)
    def get(self, request):
        def link(name):
            return {"href": request.build_absolute_uri(reverse(f"api:{name}"))}

        data = {
            "title": _("Wijkpartner open data"),
            "version": API_VERSION,
            "links": {
                "self": link("root"),
                "openapi": link("openapi"),
                "neighbourhoods": link("neighbourhoods"),
                "boundaries": link("boundaries"),
                "partnerships": link("partnerships"),
                "waysOfWorking": link("ways_of_working"),
                "crss": link("crss"),
            },
        }
        return Response(s.RootSerializer(data).data)


class NeighbourhoodListView(ApiView):
    @extend_schema(
        operation_id="listNeighbourhoods",
        tags=["neighbourhoods"],
        summary="Wijken and buurten with their facts, the municipality's role and goals",
        parameters=[NeighbourhoodQuery],
        responses={200: s.NeighbourhoodPageSerializer, 304: NOT_MODIFIED, **ERRORS, **PAGE_NOT_FOUND},
    )
    def get(self, request):
        def compute():
            params = validated(request, NeighbourhoodQuery)
            rows = queries.neighbourhoods(**{k: params.get(k) for k in ("kind", "municipality", "parent")})
            page = paginate(request, queries.with_details(rows), params, "neighbourhoods")
            return s.NeighbourhoodPageSerializer(page, context={"request": request}).data

        return Response(cached_data(request, "neighbourhoods", compute))


class NeighbourhoodView(ApiView):
    @extend_schema(
        operation_id="getNeighbourhood",
        tags=["neighbourhoods"],
        summary="One wijk or buurt",
        parameters=[CODE],
        responses={200: s.NeighbourhoodSerializer, 304: NOT_MODIFIED, **ERRORS, **NOT_FOUND},
    )
    def get(self, request, code):
        neighbourhood = get_object_or_404(queries.with_details(Neighbourhood.objects.all()), code=_code_or_404(code))
        return Response(s.NeighbourhoodSerializer(neighbourhood, context={"request": request}).data)


class NeighbourhoodPartnershipsView(ApiView):
    @extend_schema(
        operation_id="listNeighbourhoodPartnerships",
        tags=["partnerships"],
        summary="The published partnerships in one wijk or buurt",
        description="Only partnerships of initiatives that agreed to be published; linked to this "
        "neighbourhood itself (a partnership for a wijk is listed under the wijk).",
        parameters=[CODE, PageQuery],
        responses={200: s.PartnershipPageSerializer, 304: NOT_MODIFIED, **ERRORS, **NOT_FOUND},
    )
    def get(self, request, code):
        params = validated(request, PageQuery)
        neighbourhood = get_object_or_404(Neighbourhood.objects.only("pk"), code=_code_or_404(code))
        rows = queries.published_partnerships().filter(neighbourhoods=neighbourhood)
        page = paginate(request, queries.with_partnership_details(rows), params, "partnerships")
        return Response(s.PartnershipPageSerializer(page, context={"request": request}).data)


class BoundaryListView(ApiView):
    renderer_classes = [geo.GeoJSONRenderer]

    @extend_schema(
        operation_id="listBoundaries",
        tags=["geo"],
        summary="Boundaries of wijken and buurten as a GeoJSON FeatureCollection",
        parameters=[NeighbourhoodQuery, ACCEPT_CRS],
        responses={
            200: s.FeatureCollectionSerializer,
            304: NOT_MODIFIED,
            **ERRORS,
            **PAGE_NOT_FOUND,
            **NOT_ACCEPTABLE,
        },
    )
    def get(self, request):
        system = geo.requested(request)

        def compute():
            params = validated(request, NeighbourhoodQuery)
            rows = queries.neighbourhoods(**{k: params.get(k) for k in ("kind", "municipality", "parent")})
            page = paginate(request, queries.with_boundary(rows), params, "features")
            page["features"] = [feature(n, system) for n in page["features"]]
            returned = len(page["features"])
            page.update(type="FeatureCollection", numberMatched=page["totalItems"], numberReturned=returned)
            return s.FeatureCollectionSerializer(page, context={"request": request}).data

        data = cached_data(request, "boundaries", compute, system)
        return Response(data, headers={"Content-Crs": geo.content_crs(system)})


def feature(neighbourhood, system) -> dict:
    return {
        "type": "Feature",
        "id": neighbourhood.code,
        "geometry": geo.geometry_in(neighbourhood, system),
        "properties": neighbourhood,
    }


class BoundaryView(ApiView):
    renderer_classes = [geo.GeoJSONRenderer]

    @extend_schema(
        operation_id="getBoundary",
        tags=["geo"],
        summary="The boundary of one wijk or buurt as a GeoJSON Feature",
        parameters=[CODE, ACCEPT_CRS],
        responses={200: s.FeatureSerializer, 304: NOT_MODIFIED, **ERRORS, **NOT_FOUND, **NOT_ACCEPTABLE},
    )
    def get(self, request, code):
        system = geo.requested(request)
        neighbourhood = get_object_or_404(queries.with_boundary(Neighbourhood.objects.all()), code=_code_or_404(code))
        data = s.FeatureSerializer(feature(neighbourhood, system), context={"request": request}).data
        return Response(data, headers={"Content-Crs": geo.content_crs(system)})


class CrsListView(ApiView):
    @extend_schema(
        operation_id="listCrss",
        tags=["geo"],
        summary="The coordinate reference systems the boundaries are available in",
        responses={200: s.CrsListSerializer, 304: NOT_MODIFIED, **TOO_MANY},
    )
    def get(self, request):
        return Response({"crs": [geo.URIS[geo.DEFAULT], *(uri for key, uri in geo.URIS.items() if key != geo.DEFAULT)]})


class PartnershipListView(ApiView):
    @extend_schema(
        operation_id="listPartnerships",
        tags=["partnerships"],
        summary="Partnerships with initiatives that agreed to be published",
        parameters=[PageQuery],
        responses={200: s.PartnershipPageSerializer, 304: NOT_MODIFIED, **ERRORS, **PAGE_NOT_FOUND},
    )
    def get(self, request):
        def compute():
            params = validated(request, PageQuery)
            rows = queries.with_partnership_details(queries.published_partnerships())
            page = paginate(request, rows, params, "partnerships")
            return s.PartnershipPageSerializer(page, context={"request": request}).data

        return Response(cached_data(request, "partnerships", compute))


class PartnershipView(ApiView):
    @extend_schema(
        operation_id="getPartnership",
        tags=["partnerships"],
        summary="One published partnership",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Partnership id.")],
        responses={200: s.PartnershipSerializer, 304: NOT_MODIFIED, **ERRORS, **NOT_FOUND},
    )
    def get(self, request, pk):
        rows = queries.with_partnership_details(queries.published_partnerships())
        partnership = get_object_or_404(rows, pk=_int_or_404(pk))
        return Response(s.PartnershipSerializer(partnership, context={"request": request}).data)


class WayOfWorkingListView(ApiView):
    @extend_schema(
        operation_id="listWaysOfWorking",
        tags=["ways of working"],
        summary="The published versions of the way of working with resident initiatives, newest first",
        parameters=[PageQuery],
        responses={200: s.WayOfWorkingPageSerializer, 304: NOT_MODIFIED, **ERRORS, **PAGE_NOT_FOUND},
    )
    def get(self, request):
        params = validated(request, PageQuery)
        page = paginate(request, queries.published_ways_of_working(), params, "waysOfWorking")
        context = {"request": request, "current_number": queries.current_way_of_working_number()}
        return Response(s.WayOfWorkingPageSerializer(page, context=context).data)


class CurrentWayOfWorkingView(ApiView):
    @extend_schema(
        operation_id="getCurrentWayOfWorking",
        tags=["ways of working"],
        summary="The way of working that applies now",
        responses={200: s.WayOfWorkingSerializer, 304: NOT_MODIFIED, **TOO_MANY, **NOT_FOUND},
    )
    def get(self, request):
        version = queries.published_ways_of_working().first()
        if version is None:
            raise Http404
        context = {"request": request, "current_number": version.number}
        return Response(s.WayOfWorkingSerializer(version, context=context).data)


class WayOfWorkingView(ApiView):
    @extend_schema(
        operation_id="getWayOfWorking",
        tags=["ways of working"],
        summary="One published version of the way of working",
        parameters=[OpenApiParameter("number", OpenApiTypes.INT, OpenApiParameter.PATH, description="Version number.")],
        responses={200: s.WayOfWorkingSerializer, 304: NOT_MODIFIED, **ERRORS, **NOT_FOUND},
    )
    def get(self, request, number):
        version = get_object_or_404(queries.published_ways_of_working(), number=_int_or_404(number))
        context = {"request": request, "current_number": queries.current_way_of_working_number()}
        return Response(s.WayOfWorkingSerializer(version, context=context).data)


class OpenApiView(SpectacularAPIView):
    """The OpenAPI 3 document, as JSON, without a key in every mode but off."""

    content_negotiation_class = OneRepresentation
    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = []

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
