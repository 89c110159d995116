"""Geometry by the geospatial module of the API Design Rules: boundaries as GeoJSON
(`application/geo+json`), in WGS 84 longitude/latitude (CRS84) unless the client asks for RD New
with the `Accept-Crs` header; the response says which in `Content-Crs`. Conversions:
`neighbourhoods.crs` (about a metre accurate, not RDNAPTRANS)."""

import logging
import re

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer

from neighbourhoods import crs

logger = logging.getLogger(__name__)

URIS = {
    crs.CRS84: "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
    crs.RD: "http://www.opengis.net/def/crs/EPSG/0/28992",
}
DEFAULT = crs.CRS84
# What Accept-Crs may say (case does not matter; the URI may stand in angle brackets).
ACCEPTED = {
    crs.CRS84: [URIS[crs.CRS84], "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84"],
    crs.RD: [URIS[crs.RD], "EPSG:28992", "urn:ogc:def:crs:EPSG::28992"],
}
_LOOKUP = {name.lower(): system for system, names in ACCEPTED.items() for name in names}
_EPSG_URI = re.compile(r"^https?://www\.opengis\.net/def/crs/epsg/[0-9.]+/(\d+)$")
ACCEPT_CRS_VALUES = [name for names in ACCEPTED.values() for name in names]


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


def _system(value: str) -> str | None:
    value = value.split(";")[0].strip().strip("<>").strip().lower()
    if value in _LOOKUP:
        return _LOOKUP[value]
    match = _EPSG_URI.match(value)
    if match and match.group(1) == "28992":
        return crs.RD
    return None


def requested(request) -> str:
    """The CRS the client asked for in Accept-Crs (the first supported of a list), else CRS84.
    Anything else: 406 Not Acceptable."""
    header = request.headers.get("Accept-Crs", "").strip()
    if not header:
        return DEFAULT
    for part in header.split(","):
        system = _system(part)
        if system is not None:
            return system
    raise exceptions.NotAcceptable(
        _("This coordinate reference system is not supported. Ask for one of: %(supported)s.")
        % {"supported": ", ".join(URIS.values())}
    )


def content_crs(system: str) -> str:
    """The Content-Crs header value (OGC API Features part 2: the URI in angle brackets)."""
    return f"<{URIS[system]}>"


def geometry_in(neighbourhood, system: str):
    """The neighbourhood's boundary as a GeoJSON geometry in `system`, or None."""
    geometry = neighbourhood.geometry
    if not isinstance(geometry, dict) or not geometry.get("type"):
        return None
    try:
        return crs.transform(geometry, crs.stored_crs(geometry, neighbourhood.geometry_crs), system)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        logger.warning("Boundary of %s could not be converted; published without geometry.", neighbourhood.code)
        return None
