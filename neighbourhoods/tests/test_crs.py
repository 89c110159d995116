"""RD New <-> WGS 84 for whole boundaries (neighbourhoods/crs.py)."""

import pytest

from neighbourhoods import crs


def test_the_reference_point_and_known_places():
    assert crs.rd_to_wgs84(155000, 463000) == pytest.approx((5.38720621, 52.15517440))
    # The Westertoren (Amsterdam) and the Martinitoren (Groningen), the usual test points: within a metre.
    assert crs.rd_to_wgs84(120700.723, 487525.501) == pytest.approx((4.88352559, 52.37453253), abs=1e-5)
    assert crs.rd_to_wgs84(233883.131, 582065.167) == pytest.approx((6.56820053, 53.21938317), abs=1e-5)
    assert crs.wgs84_to_rd(4.88352559, 52.37453253) == pytest.approx((120700.723, 487525.501), abs=1)


@pytest.mark.parametrize("lon, lat", [(5.17, 52.22), (4.30, 52.07), (6.56, 53.22), (3.6, 51.4)])
def test_the_conversions_are_each_others_inverse_to_well_under_a_metre(lon, lat):
    assert crs.rd_to_wgs84(*crs.wgs84_to_rd(lon, lat)) == pytest.approx((lon, lat), abs=1e-6)


def test_stored_crs_by_name_else_by_the_numbers():
    rd = {"type": "Polygon", "coordinates": [[[140000.5, 470000.25], [140100, 470000], [140000, 470100]]]}
    lonlat = {"type": "MultiPolygon", "coordinates": [[[[5.1, 52.2], [5.2, 52.2], [5.1, 52.3]]]]}
    assert crs.stored_crs(rd, "EPSG:28992") == crs.RD
    assert crs.stored_crs(lonlat, "OGC:CRS84") == crs.CRS84
    assert crs.stored_crs(rd, "") == crs.RD
    assert crs.stored_crs(lonlat, "") == crs.CRS84
    assert crs.stored_crs(None, "") == crs.CRS84


def test_transform_converts_every_position_and_rounds_only_what_it_converts():
    polygon = {"type": "Polygon", "coordinates": [[[5.17, 52.22], [5.18, 52.22], [5.18, 52.23], [5.17, 52.22]]]}
    assert crs.transform(polygon, crs.CRS84, crs.CRS84) is polygon
    rd = crs.transform(polygon, crs.CRS84, crs.RD)
    assert rd["type"] == "Polygon"
    assert all(100000 < x < 200000 and 400000 < y < 500000 for x, y in rd["coordinates"][0])
    assert all(round(v, 2) == v for point in rd["coordinates"][0] for v in point)
    back = crs.transform(rd, crs.RD, crs.CRS84)
    for (lon, lat), (lon2, lat2) in zip(polygon["coordinates"][0], back["coordinates"][0], strict=True):
        assert (lon2, lat2) == pytest.approx((lon, lat), abs=1e-6)
    multi = {"type": "MultiPolygon", "coordinates": [polygon["coordinates"], polygon["coordinates"]]}
    assert len(crs.transform(multi, crs.CRS84, crs.RD)["coordinates"]) == 2
    collection = {"type": "GeometryCollection", "geometries": [polygon]}
    assert crs.transform(collection, crs.CRS84, crs.RD)["geometries"][0] == rd
    assert polygon["coordinates"][0][0] == [5.17, 52.22]  # the stored geometry is left as it was
