"""Coordinate reference systems of the boundaries: which one a stored boundary is in, and RD New
(EPSG:28992) <-> WGS 84 longitude/latitude (OGC:CRS84) for whole GeoJSON geometries.

Both directions are the polynomial approximation of Schreutelkamp and Strang van Hees
("Benaderingsformules voor de transformatie tussen RD- en WGS84-kaartcoördinaten"; RD -> WGS 84 is
the map's `neighbourhoods.geometry.rd_to_wgs84`), accurate to about a metre inside the Netherlands:
enough for neighbourhood boundaries, not for surveying (that needs RDNAPTRANS). The importer
records the CRS of each boundary in `Neighbourhood.geometry_crs` (`EPSG:28992` or `OGC:CRS84`);
boundaries without it are recognised by their numbers, as the importer does.
"""

from neighbourhoods.geometry import rd_to_wgs84

RD = "EPSG:28992"
CRS84 = "OGC:CRS84"

# Reference point (Amersfoort) in both systems.
_X0, _Y0 = 155000.0, 463000.0
_LAT0, _LON0 = 52.15517440, 5.38720621

# WGS 84 -> RD: x and y as sums of coefficient * dlat^p * dlon^q (in metres).
_X_TERMS = {
    (0, 1): 190094.945,
    (1, 1): -11832.228,
    (2, 1): -114.221,
    (0, 3): -32.391,
    (1, 0): -0.705,
    (3, 1): -2.340,
    (1, 3): -0.608,
    (0, 2): -0.008,
    (2, 3): 0.148,
}
_Y_TERMS = {
    (1, 0): 309056.544,
    (0, 2): 3638.893,
    (2, 0): 73.077,
    (1, 2): -157.984,
    (3, 0): 59.788,
    (0, 1): 0.433,
    (2, 2): -6.439,
    (1, 1): -0.032,
    (0, 4): 0.092,
    (1, 4): -0.054,
}


def _series(terms, a: float, b: float) -> float:
    return sum(value * a**p * b**q for (p, q), value in terms.items())


def wgs84_to_rd(lon: float, lat: float) -> tuple[float, float]:
    """(lon, lat) in degrees to RD New metres: the inverse of `rd_to_wgs84` (neighbourhoods.geometry)."""
    dlat, dlon = 0.36 * (lat - _LAT0), 0.36 * (lon - _LON0)
    return _X0 + _series(_X_TERMS, dlat, dlon), _Y0 + _series(_Y_TERMS, dlat, dlon)


def _first_position(coordinates):
    while isinstance(coordinates, list) and coordinates and isinstance(coordinates[0], list):
        coordinates = coordinates[0]
    return coordinates if isinstance(coordinates, list) and len(coordinates) >= 2 else None


def stored_crs(geometry, crs_name: str = "") -> str:
    """`RD` or `CRS84`: the system a stored boundary is in (by its recorded name, else by its numbers:
    RD New coordinates are metres, far beyond 180)."""
    name = (crs_name or "").upper()
    if "28992" in name:
        return RD
    if "CRS84" in name or "4326" in name:
        return CRS84
    position = _first_position((geometry or {}).get("coordinates"))
    try:
        if position is not None and (abs(float(position[0])) > 180 or abs(float(position[1])) > 180):
            return RD
    except (TypeError, ValueError):
        pass
    return CRS84


def _map_positions(coordinates, convert):
    if coordinates and isinstance(coordinates[0], list):
        return [_map_positions(part, convert) for part in coordinates]
    return list(convert(float(coordinates[0]), float(coordinates[1]))) + list(coordinates[2:])


def transform(geometry: dict | None, source: str, target: str, *, digits: int | None = None) -> dict | None:
    """A copy of the GeoJSON `geometry` converted from `source` to `target` (RD or CRS84), its
    converted coordinates rounded to `digits` decimals (default: 7 for degrees, 2 for metres).
    The same system: the geometry as stored."""
    if geometry is None or source == target:
        return geometry
    if (source, target) == (RD, CRS84):
        convert, digits = rd_to_wgs84, 7 if digits is None else digits
    elif (source, target) == (CRS84, RD):
        convert, digits = wgs84_to_rd, 2 if digits is None else digits
    else:
        raise ValueError(f"Cannot convert {source} to {target}")

    def rounded(a, b):
        x, y = convert(a, b)
        return round(x, digits), round(y, digits)

    if geometry.get("type") == "GeometryCollection":
        return {**geometry, "geometries": [transform(g, source, target, digits=digits) for g in geometry["geometries"]]}
    return {**geometry, "coordinates": _map_positions(geometry.get("coordinates") or [], rounded)}
