"""Pure geometry of the map: RD New to WGS84, simplification, path data (no database)."""

import pytest

from neighbourhoods import geometry


def wgs84_to_rd(lon, lat):
    """The inverse of geometry.rd_to_wgs84 (Schreutelkamp and Strang van Hees), to build RD test data."""
    dp, dl = 0.36 * (lat - 52.15517440), 0.36 * (lon - 5.38720621)
    r = {(0, 1): 190094.945, (1, 1): -11832.228, (2, 1): -114.221, (0, 3): -32.391, (1, 0): -0.705}
    r |= {(3, 1): -2.340, (1, 3): -0.608, (0, 2): -0.008, (2, 3): 0.148}
    s = {(1, 0): 309056.544, (0, 2): 3638.893, (2, 0): 73.077, (1, 2): -157.984, (3, 0): 59.788}
    s |= {(0, 1): 0.433, (2, 2): -6.439, (1, 1): -0.032, (0, 4): 0.092, (1, 4): -0.054}
    x = 155000 + sum(v * dp**p * dl**q for (p, q), v in r.items())
    y = 463000 + sum(v * dp**p * dl**q for (p, q), v in s.items())
    return x, y


def test_rd_to_wgs84_matches_known_points():
    assert geometry.rd_to_wgs84(155000, 463000) == pytest.approx((5.38720621, 52.15517440))
    for lon, lat in [(5.17, 52.22), (4.30, 52.07), (6.56, 53.22)]:
        assert geometry.rd_to_wgs84(*wgs84_to_rd(lon, lat)) == pytest.approx((lon, lat), abs=1e-6)


def test_simplification_drops_needless_points_and_keeps_at_least_four():
    # 400 points on a 100 x 100 square: the 4 corners (and the closing point) are enough.
    side = [(float(i), 0.0) for i in range(100)]
    ring = (
        side
        + [(100.0, float(i)) for i in range(100)]
        + [(100.0 - i, 100.0) for i in range(100)]
        + [(0.0, 100.0 - i) for i in range(100)]
        + [(0.0, 0.0)]
    )
    assert geometry.simplify(ring) == [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0), (0.0, 0.0)]
    # A shape smaller than the tolerance keeps 4 points, so it is still drawn.
    tiny = [(0.0, 0.0), (0.1, 0.0), (0.2, 0.05), (0.2, 0.1), (0.1, 0.2), (0.0, 0.1), (0.0, 0.0)]
    assert len(geometry.simplify(tiny)) == 4
    assert geometry.path_data([[(0.04, 0.0), (10.26, 0.0), (10.26, 5.0), (0.04, 0.0)]]) == "M0 0L10.3 0 10.3 5Z"
