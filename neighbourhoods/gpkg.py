"""Reading a CBS/PDOK GeoPackage (.gpkg) with the standard library: it is an SQLite file.

A GeoPackage (OGC 12-128r18) holds `gpkg_spatial_ref_sys` (coordinate systems), `gpkg_contents`
(the layers), `gpkg_geometry_columns` (which column of a layer holds its geometry, in which
system) and one table per layer. A geometry is stored as a GeoPackage binary blob: the header
("GP", version, flags, srs_id, an optional envelope) followed by standard WKB.

`features(path, layer)` yields one layer's rows one at a time (a cursor, not a list), so a
national file is read with bounded memory; `decode_geometry` turns a blob into a GeoJSON geometry
(Polygon and MultiPolygon; 2D, Z, M and ZM coordinates, of which x and y are kept).
"""

import sqlite3
import struct
from pathlib import Path

from django.utils.translation import gettext as _

LAYERS = ("gemeenten", "wijken", "buurten")
# Systems the import knows; the CBS publishes RD New, a conversion may give WGS84.
KNOWN_SRS = {28992: "EPSG:28992", 4326: "OGC:CRS84"}
_ENVELOPE_DOUBLES = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}


class GeoPackageError(Exception):
    """The file is not a GeoPackage this import can read; the message is for people."""


def is_geopackage(data_start: bytes) -> bool:
    return data_start[:16] == b"SQLite format 3\x00"


# --- Geometry ------------------------------------------------------------------------------


def decode_geometry(blob: bytes | None) -> dict | None:
    """A GeoPackage geometry blob as a GeoJSON geometry (None for an empty or missing one).

    Raises ValueError for a blob that is not a Polygon or MultiPolygon in GeoPackage encoding."""
    if blob is None:
        return None
    blob = bytes(blob)
    if len(blob) < 8 or blob[:2] != b"GP":
        raise ValueError("no GeoPackage geometry header")
    flags = blob[3]
    if flags & 0b0010_0000:
        raise ValueError("extended GeoPackage geometry")
    header_order = "<" if flags & 1 else ">"
    envelope = (flags >> 1) & 0b111
    if envelope not in _ENVELOPE_DOUBLES:
        raise ValueError("invalid envelope indicator")
    struct.unpack_from(header_order + "i", blob, 4)  # srs_id: the layer's system is used
    offset = 8 + 8 * _ENVELOPE_DOUBLES[envelope]
    if flags & 0b0001_0000:  # empty geometry
        return None
    geometry, end = _read_wkb(blob, offset)
    if end != len(blob):
        raise ValueError("bytes after the geometry")
    return geometry


def _wkb_type(blob: bytes, offset: int):
    if offset + 5 > len(blob) or blob[offset] not in (0, 1):
        raise ValueError("invalid WKB byte order")
    order = "<" if blob[offset] == 1 else ">"
    (code,) = struct.unpack_from(order + "I", blob, offset + 1)
    dims = 2
    if code & 0x80000000:  # EWKB Z flag
        dims += 1
    if code & 0x40000000:  # EWKB M flag
        dims += 1
    code &= 0x0FFFFFFF
    if code >= 1000:  # ISO: 1000 Z, 2000 M, 3000 ZM
        dims += 2 if code >= 3000 else 1
        code %= 1000
    return order, code, dims, offset + 5


def _read_polygon(blob, offset, order, dims):
    (ring_count,) = struct.unpack_from(order + "I", blob, offset)
    offset += 4
    rings = []
    for _ring in range(ring_count):
        (point_count,) = struct.unpack_from(order + "I", blob, offset)
        offset += 4
        size = 8 * dims * point_count
        if offset + size > len(blob):
            raise ValueError("truncated ring")
        values = struct.unpack_from(f"{order}{dims * point_count}d", blob, offset)
        offset += size
        rings.append([[values[i], values[i + 1]] for i in range(0, len(values), dims)])
    return rings, offset


def _read_wkb(blob: bytes, offset: int):
    try:
        order, code, dims, offset = _wkb_type(blob, offset)
        if code == 3:
            rings, offset = _read_polygon(blob, offset, order, dims)
            return {"type": "Polygon", "coordinates": rings}, offset
        if code == 6:
            (count,) = struct.unpack_from(order + "I", blob, offset)
            offset += 4
            polygons = []
            for _polygon in range(count):
                inner_order, inner_code, inner_dims, offset = _wkb_type(blob, offset)
                if inner_code != 3:
                    raise ValueError("a MultiPolygon part is not a Polygon")
                rings, offset = _read_polygon(blob, offset, inner_order, inner_dims)
                polygons.append(rings)
            return {"type": "MultiPolygon", "coordinates": polygons}, offset
    except struct.error as error:
        raise ValueError(f"truncated geometry: {error}") from error
    raise ValueError(f"geometry type {code} is not a (multi)polygon")


def encode_geometry(geometry: dict, srs_id: int = 28992, *, big_endian=False, envelope=True) -> bytes:
    """A GeoJSON (Multi)Polygon as a GeoPackage blob: for test fixtures and the benchmark's data."""
    order = ">" if big_endian else "<"
    flags = (0 if big_endian else 1) | ((1 << 1) if envelope else 0)
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    header = b"GP" + bytes([0, flags]) + struct.pack(order + "i", srs_id)
    if envelope:
        xs = [p[0] for poly in polygons for ring in poly for p in ring]
        ys = [p[1] for poly in polygons for ring in poly for p in ring]
        header += struct.pack(order + "4d", min(xs), max(xs), min(ys), max(ys))
    byte = b"\x00" if big_endian else b"\x01"

    def polygon(rings):
        out = byte + struct.pack(order + "II", 3, len(rings))
        for ring in rings:
            out += struct.pack(order + "I", len(ring)) + struct.pack(
                f"{order}{2 * len(ring)}d", *(c for p in ring for c in p[:2])
            )
        return out

    if geometry["type"] == "Polygon":
        return header + polygon(geometry["coordinates"])
    body = byte + struct.pack(order + "II", 6, len(polygons)) + b"".join(polygon(p) for p in polygons)
    return header + body


# --- The file ------------------------------------------------------------------------------


class GeoPackage:
    """An open GeoPackage, read-only. Use as a context manager."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            # Read-only and immutable: nothing is written, not even a journal.
            self.connection = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)
            self.connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as error:
            raise GeoPackageError(
                _("The file is not a readable GeoPackage (SQLite): %(error)s") % {"error": error}
            ) from error
        self.layers = self._layers()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.connection.close()

    def _layers(self) -> dict:
        """{layer name: (geometry column, CRS name)} for the CBS layers present."""
        try:
            tables = {
                row[0]
                for row in self.connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
            }
            if not {"gpkg_contents", "gpkg_geometry_columns", "gpkg_spatial_ref_sys"} <= tables:
                raise GeoPackageError(
                    _(
                        "The file is an SQLite database but not a GeoPackage: the tables gpkg_contents, "
                        "gpkg_geometry_columns and gpkg_spatial_ref_sys are missing."
                    )
                )
            contents = {
                row[0]
                for row in self.connection.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")
            }
            columns = {
                row[0]: (row[1], row[2])
                for row in self.connection.execute("SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns")
            }
            systems = {
                row[0]: (str(row[1] or "").upper(), row[2])
                for row in self.connection.execute(
                    "SELECT srs_id, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys"
                )
            }
        except sqlite3.DatabaseError as error:
            raise GeoPackageError(_("The GeoPackage cannot be read: %(error)s") % {"error": error}) from error
        layers = {}
        for name in LAYERS:
            if name not in contents or name not in tables:
                continue
            column, srs_id = columns.get(name, (None, None))
            if column is None:
                raise GeoPackageError(_("The layer %(layer)s has no geometry column.") % {"layer": name})
            if srs_id not in systems:
                raise GeoPackageError(
                    _("The layer %(layer)s uses coordinate system %(srs)s, which the file does not define.")
                    % {"layer": name, "srs": srs_id}
                )
            organization, code = systems[srs_id]
            if organization != "EPSG" or code not in KNOWN_SRS:
                raise GeoPackageError(
                    _(
                        "The layer %(layer)s is in coordinate system %(organization)s:%(code)s; "
                        "the import takes RD New (EPSG:28992) or WGS84 (EPSG:4326)."
                    )
                    % {"layer": name, "organization": organization or "?", "code": code}
                )
            layers[name] = (column, KNOWN_SRS[code])
        if "wijken" not in layers and "buurten" not in layers:
            raise GeoPackageError(
                _(
                    "The GeoPackage has no layer 'wijken' or 'buurten' (layers found: %(layers)s); "
                    "use the Wijk- en Buurtkaart as CBS and PDOK publish it."
                )
                % {"layers": ", ".join(sorted(contents)) or _("none")}
            )
        return layers

    def columns(self, layer: str) -> list[str]:
        return [row[1] for row in self.connection.execute(f'PRAGMA table_info("{layer}")')]

    def count(self, layer: str, gemeenten=None) -> int:
        where, params = self._where(layer, gemeenten)
        return self.connection.execute(f'SELECT count(*) FROM "{layer}"{where}', params).fetchone()[0]

    def _where(self, layer, gemeenten):
        if not gemeenten:
            return "", []
        names = {c.lower(): c for c in self.columns(layer)}
        column = names.get("gemeentecode") or names.get("gm_code")
        if column is None:
            raise GeoPackageError(_("The layer %(layer)s has no column gemeentecode.") % {"layer": layer})
        return f' WHERE "{column}" IN ({", ".join("?" * len(gemeenten))})', list(gemeenten)

    def features(self, layer: str, *, gemeenten=None, geometry=True):
        """(properties, geometry blob or None) per row of the layer, in file order, streamed."""
        if layer not in self.layers:
            return
        column, _crs = self.layers[layer]
        names = [c for c in self.columns(layer) if c != column]
        selected = ", ".join(f'"{c}"' for c in names)
        if geometry:
            selected += f', "{column}"'
        where, params = self._where(layer, gemeenten)
        try:
            cursor = self.connection.execute(f'SELECT {selected} FROM "{layer}"{where} ORDER BY rowid', params)
            for values in cursor:
                yield dict(zip(names, values, strict=False)), (values[-1] if geometry else None)
        except sqlite3.DatabaseError as error:
            raise GeoPackageError(_("The GeoPackage cannot be read: %(error)s") % {"error": error}) from error

    def crs(self, layer: str) -> str:
        return self.layers[layer][1]


# --- Writing (test fixtures and the benchmark's national file) -------------------------------

_SRS_ROWS = [
    ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
    ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
    ("WGS 84 geodetic", 4326, "EPSG", 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984"]]', "longitude/latitude WGS84"),
    ("Amersfoort / RD New", 28992, "EPSG", 28992, 'PROJCS["Amersfoort / RD New"]', "Rijksdriehoekstelsel"),
]


def write_geopackage(path, layers: dict, *, srs_id: int = 28992, define_srs: bool = True) -> None:
    """Write a GeoPackage: `layers` is {name: iterable of (properties, GeoJSON geometry)}.

    Follows the GeoPackage layout (application_id 'GPKG', gpkg_spatial_ref_sys, gpkg_contents,
    gpkg_geometry_columns, one feature table per layer with an INTEGER PRIMARY KEY `fid` and a
    `geom` column); columns are taken from the first row of each layer."""
    path = Path(path)
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA application_id = 1196444487")  # 'GPKG'
        connection.execute("PRAGMA user_version = 10400")
        connection.execute(
            "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, "
            "organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, "
            "description TEXT)"
        )
        rows = _SRS_ROWS if define_srs else [r for r in _SRS_ROWS if r[1] != srs_id]
        connection.executemany("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", rows)
        connection.execute(
            "CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, "
            "identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT "
            "(strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, "
            "srs_id INTEGER)"
        )
        connection.execute(
            "CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
            "geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, "
            "CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name))"
        )
        for name, features in layers.items():
            columns = None
            for properties, geometry in features:
                if columns is None:
                    columns = list(properties)
                    definitions = ", ".join(
                        f'"{c}" {"INTEGER" if isinstance(properties[c], int) and not isinstance(properties[c], bool) else "REAL" if isinstance(properties[c], float) else "TEXT"}'  # noqa: E501
                        for c in columns
                    )
                    connection.execute(
                        f'CREATE TABLE "{name}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, '
                        f"geom MULTIPOLYGON, {definitions})"
                    )
                    connection.execute(
                        "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                        "VALUES (?, 'features', ?, ?)",
                        (name, name, srs_id),
                    )
                    connection.execute(
                        "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', ?, 0, 0)", (name, srs_id)
                    )
                    insert = (
                        f'INSERT INTO "{name}" (geom, {", ".join(chr(34) + c + chr(34) for c in columns)}) '
                        f"VALUES (?, {', '.join('?' * len(columns))})"
                    )
                blob = encode_geometry(geometry, srs_id) if geometry else None
                connection.execute(insert, [blob, *(properties.get(c) for c in columns)])
        connection.commit()
    finally:
        connection.close()
