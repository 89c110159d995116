"""Neighbourhood boundaries as SVG path data: pure geometry, no database and no colours.

GeoJSON Polygon and MultiPolygon boundaries, in lon/lat (CRS84/WGS84) or in RD New metres
(EPSG:28992), are projected into one plane, fitted into a viewBox, simplified and written as SVG
path data (`render_paths`). `overview.map` caches the result per data set and colours it per
request: bump its CACHE_FORMAT when the drawing here changes.
"""

import math

# Output space: the viewBox is WIDTH wide (narrower when the area is tall) and at most MAX_HEIGHT high.
WIDTH = 1000.0
MAX_HEIGHT = 1000.0
PADDING = 5.0
TOLERANCE = 0.5  # simplification tolerance in output units; the map is shown about 1000 px wide


def _rings(geometry):
    """The rings of a Polygon or MultiPolygon as lists of (x, y); anything else gives none."""
    if not isinstance(geometry, dict):
        return []
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates
    else:
        return []
    rings = []
    try:
        for polygon in polygons:
            for ring in polygon:
                points = [(float(p[0]), float(p[1])) for p in ring]
                if len(points) >= 3:
                    rings.append(points)
    except (TypeError, ValueError, IndexError):
        return []
    return rings


def _is_rd(crs: str, rings) -> bool:
    if "28992" in crs:
        return True
    if "CRS84" in crs.upper() or "4326" in crs:
        return False
    # Unknown name: RD New coordinates are metres, far beyond 180 (as the importer decides).
    x, y = rings[0][0]
    return abs(x) > 180 or abs(y) > 180


def rd_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """RD New metres to (lon, lat), accurate to about a metre (Schreutelkamp and Strang van Hees)."""
    dx, dy = (x - 155000) * 1e-5, (y - 463000) * 1e-5
    lat = (
        52.15517440
        + (
            3235.65389 * dy
            - 32.58297 * dx**2
            - 0.24750 * dy**2
            - 0.84978 * dx**2 * dy
            - 0.06550 * dy**3
            - 0.01709 * dx**2 * dy**2
            - 0.00738 * dx
            + 0.00530 * dx**4
            - 0.00039 * dx**2 * dy**3
            + 0.00033 * dx**4 * dy
            - 0.00012 * dx * dy
        )
        / 3600
    )
    lon = (
        5.38720621
        + (
            5260.52916 * dx
            + 105.94684 * dx * dy
            + 2.45656 * dx * dy**2
            - 0.81885 * dx**3
            + 0.05594 * dx * dy**3
            - 0.05607 * dx**3 * dy
            + 0.01199 * dy
            - 0.00256 * dx**3 * dy**2
            + 0.00128 * dx * dy**4
            + 0.00022 * dy**2
            - 0.00022 * dx**2
            + 0.00026 * dx**5
        )
        / 3600
    )
    return lon, lat


def project(items):
    """[(key, geometry, crs)] -> {key: [ring in a plane with y growing downwards]}.

    Lon/lat: equirectangular, x scaled by the cosine of the mean latitude, which keeps shapes
    true at a municipality's scale. RD New: metres as they are. A set mixing both is drawn in
    lon/lat, with the RD shapes converted.
    """
    parsed = []
    for key, geometry, crs in items:
        rings = _rings(geometry)
        if rings:
            parsed.append((key, rings, _is_rd(crs or "", rings)))
    if not parsed:
        return {}
    if all(rd for _key, _rings_, rd in parsed):
        return {key: [[(x, -y) for x, y in ring] for ring in rings] for key, rings, _rd in parsed}
    lonlat = [
        (key, [[rd_to_wgs84(x, y) for x, y in ring] for ring in rings] if rd else rings) for key, rings, rd in parsed
    ]
    lats = [lat for _key, rings in lonlat for ring in rings for _lon, lat in ring]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    return {key: [[(lon * k, -lat) for lon, lat in ring] for ring in rings] for key, rings in lonlat}


def _fit(projected):
    """Scale and translate into the viewBox; returns (width, height, transform)."""
    xs = [x for rings in projected.values() for ring in rings for x, _y in ring]
    ys = [y for rings in projected.values() for ring in rings for _x, y in ring]
    min_x, min_y = min(xs), min(ys)
    span_x, span_y = max(xs) - min_x, max(ys) - min_y
    inner_w, inner_h = WIDTH - 2 * PADDING, MAX_HEIGHT - 2 * PADDING
    scale = min(inner_w / span_x if span_x else math.inf, inner_h / span_y if span_y else math.inf)
    if scale == math.inf:
        scale = 1.0
    width = math.ceil(span_x * scale + 2 * PADDING)
    height = math.ceil(span_y * scale + 2 * PADDING)

    def transform(x, y):
        return (x - min_x) * scale + PADDING, (y - min_y) * scale + PADDING

    return width, height, transform


def _segment_distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(ring, tolerance=TOLERANCE):
    """Douglas-Peucker on a closed ring, after dropping points closer than `tolerance` to the
    previous kept point; keeps at least 4 points (3 corners and the closing point)."""
    if len(ring) <= 4:
        return list(ring)
    close = [ring[0]]
    for point in ring[1:-1]:
        last = close[-1]
        if abs(point[0] - last[0]) >= tolerance or abs(point[1] - last[1]) >= tolerance:
            close.append(point)
    close.append(ring[-1])
    keep = [False] * len(close)
    keep[0] = keep[-1] = True
    stack = [(0, len(close) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            distance = _segment_distance(close[i], close[first], close[last])
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    result = [p for p, kept in zip(close, keep, strict=True) if kept]
    if len(result) < 4:
        n = len(ring) - 1
        result = [ring[0], ring[n // 3], ring[2 * n // 3], ring[-1]]
    return result


def _number(value: float) -> str:
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def path_data(rings) -> str:
    """SVG path data for rings already in output space: one subpath per ring, closed with Z."""
    parts = []
    for ring in rings:
        points = []
        for x, y in ring[:-1] if ring[0] == ring[-1] else ring:
            point = f"{_number(x)} {_number(y)}"
            if not points or points[-1] != point:
                points.append(point)
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        if points:
            parts.append("M" + points[0] + ("L" + " ".join(points[1:]) if len(points) > 1 else "") + "Z")
    return "".join(parts)


def render_paths(items) -> dict:
    """[(key, geometry, crs)] -> {"width", "height", "paths": {key: path data}}."""
    projected = project(items)
    if not projected:
        return {"width": int(WIDTH), "height": 0, "paths": {}}
    width, height, transform = _fit(projected)
    paths = {}
    for key, rings in projected.items():
        placed = [simplify([transform(x, y) for x, y in ring]) for ring in rings]
        data = path_data(placed)
        if data:
            paths[key] = data
    return {"width": width, "height": height, "paths": paths}
