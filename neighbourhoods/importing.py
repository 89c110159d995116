"""Import of CBS wijken and buurten from a GeoPackage, GeoJSON or CSV.

Reads both CBS property styles (BU_CODE/BU_NAAM/WK_CODE/GM_CODE and PDOK's
buurtcode/buurtnaam/wijkcode/gemeentecode), RD New or WGS84 coordinates, and CSV files with a
header row as Dutch spreadsheet programs write them (semicolons, a byte-order mark). The import
upserts on the CBS code and is atomic: one invalid row and nothing from the file is saved.
The CBS figures of each row (neighbourhoods/cbs_facts.py) are kept per year
(neighbourhoods/facts_import.py).

A GeoPackage (neighbourhoods/gpkg.py) is read twice, as a stream: once to validate every row
(without keeping boundaries), then in batches inside one transaction to write. So a national file
of 14,000 buurten is imported with bounded memory and still all or nothing.
"""

import csv
import io
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.models import ChangeEntry
from core.safety import has_control_characters
from neighbourhoods import cbs_facts, facts_import, gpkg
from neighbourhoods.import_changes import changed_fields, history_change, parent_codes
from neighbourhoods.import_limits import MAX_JSON_DEPTH, filter_in_batches, json_too_deep, max_rows
from neighbourhoods.models import BUURT_CODE_RE, GEMEENTE_CODE_RE, WIJK_CODE_RE, Neighbourhood

MAX_ERRORS = 25


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Row:
    label: str  # "feature 3" or "rij 5": how errors name the row
    code: str
    name: str
    wijk_code: str = ""
    wijk_name: str = ""
    municipality_code: str = ""
    municipality_name: str = ""
    inhabitants: int | None = None
    dwellings: int | None = None
    geometry: dict | None = None
    crs: str = ""
    year: int | None = None
    facts: dict = field(default_factory=dict)  # {fact key: (value, special)}


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    codes_created: list[str] = field(default_factory=list)
    changed_codes: set = field(default_factory=set)  # created or updated, for the derived wijk figures
    unchanged_codes: set = field(default_factory=set)

    def line(self) -> str:
        # Exactly this form: scripts and the issue tracker read it.
        return f"created={self.created} updated={self.updated} unchanged={self.unchanged} skipped={self.skipped}"


# Property names, normalised (lower case, no underscores or spaces), per meaning.
ALIASES = {
    "buurt_code": ["bucode", "buurtcode"],
    "buurt_name": ["bunaam", "buurtnaam"],
    "wijk_code": ["wkcode", "wijkcode"],
    "wijk_name": ["wknaam", "wijknaam"],
    "code": ["code", "cbscode"],
    "name": ["naam", "name"],
    "level": ["niveau", "level", "soort"],
    "municipality_code": ["gmcode", "gemeentecode"],
    "municipality_name": ["gmnaam", "gemeentenaam"],
    "inhabitants": ["aantinw", "aantalinwoners", "inwoners", "inhabitants"],
    "dwellings": ["woningvoorraad", "woningen", "dwellings", "aantalwoningen"],
}


def _normalise_key(key: str) -> str:
    return re.sub(r"[\s_\-]", "", str(key)).lower()


def _get(props: dict, meaning: str):
    for alias in ALIASES[meaning]:
        if alias in props and props[alias] not in (None, ""):
            return props[alias]
    return None


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _count(value):
    """CBS marks secret or missing figures with negative sentinels (-99999999, -99995)."""
    if value in (None, ""):
        return None
    text = str(value).strip().replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # Dutch thousands separator, as Excel writes 3.105
    try:
        number = int(float(text.replace(",", ".")))
    except ValueError:
        return None
    return number if number >= 0 else None


def _facts(props: dict) -> tuple[int | None, dict]:
    """The year and the CBS figures of a row's (normalised) properties."""
    facts = {}
    for name, value in props.items():
        key = cbs_facts.fact_key(name)
        if key is None:
            continue
        number, special = cbs_facts.parse_value(value)
        if number is not None or special is not None:
            facts[key] = (number, special)
    return cbs_facts.year_of(props), facts


def parse(filename: str, data: bytes) -> list[Row]:
    """Rows from a GeoJSON or CSV file; raises ImportFailed when the file cannot be read."""
    if not data.strip():
        raise ImportFailed([_("The file is empty.")])
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if filename.lower().endswith((".geojson", ".json")) or stripped[:1] == b"{":
        return _parse_geojson(data)
    return _parse_csv(data)


def _detect_crs(document: dict, features: list) -> str:
    crs = document.get("crs") or {}
    name = _text((crs.get("properties") or {}).get("name"))
    if name:
        if "28992" in name:
            return "EPSG:28992"
        if "CRS84" in name.upper() or "4326" in name:
            return "OGC:CRS84"
        return name
    # No crs member (RFC 7946 says WGS84); RD New coordinates are in metres, far beyond 180.
    for feature in features:
        coords = (feature.get("geometry") or {}).get("coordinates")
        while isinstance(coords, list) and coords and isinstance(coords[0], list):
            coords = coords[0]
        if isinstance(coords, list) and len(coords) >= 2:
            return "EPSG:28992" if abs(coords[0]) > 180 or abs(coords[1]) > 180 else "OGC:CRS84"
    return "OGC:CRS84"


def _too_deep() -> ImportFailed:
    return ImportFailed(
        [_("The file is nested more than %(depth)s levels deep; that is not CBS GeoJSON.") % {"depth": MAX_JSON_DEPTH}]
    )


def _too_many_rows() -> ImportFailed:
    return ImportFailed(
        [
            _(
                "The file has more than %(limit)s wijken and buurten. Split it into smaller files, or ask the "
                "administrator of the server to raise CBS_IMPORT_MAX_ROWS."
            )
            % {"limit": max_rows()}
        ]
    )


def _parse_geojson(data: bytes) -> list[Row]:
    # Checked before parsing: the parser (and later the map) recurse once per level.
    if json_too_deep(data):
        raise _too_deep()
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFailed([_("The file is not readable GeoJSON: %(error)s") % {"error": error}]) from error
    except RecursionError as error:
        raise _too_deep() from error
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ImportFailed([_("The file is not a GeoJSON FeatureCollection.")])
    features = document.get("features")
    if not isinstance(features, list):
        raise ImportFailed([_("The GeoJSON file has no list of features.")])
    if len(features) > max_rows():
        raise _too_many_rows()
    for number, feature in enumerate(features, start=1):
        if not (
            isinstance(feature, dict)
            and isinstance(feature.get("properties") or {}, dict)
            and isinstance(feature.get("geometry") or {}, dict)
        ):
            raise ImportFailed([_("feature %(number)s: not a GeoJSON feature with properties.") % {"number": number}])
    if not isinstance(document.get("crs") or {}, dict):
        raise ImportFailed([_("The GeoJSON file has an unreadable coordinate reference system (crs).")])
    try:
        crs = _detect_crs(document, features)
    except (AttributeError, TypeError) as error:
        raise ImportFailed([_("The GeoJSON file has an unreadable coordinate reference system (crs).")]) from error
    rows = []
    for number, feature in enumerate(features, start=1):
        label = _("feature %(number)s") % {"number": number}
        geometry = (feature or {}).get("geometry") or None
        rows.append(_feature_row(label, (feature or {}).get("properties") or {}, geometry, crs if geometry else ""))
    return rows


def _feature_row(label: str, properties: dict, geometry, crs: str, layer: str = "") -> Row:
    """A row from a GeoJSON feature's or a GeoPackage row's properties (`layer`: its layer)."""
    props = {_normalise_key(k): v for k, v in properties.items()}
    buurt_code = _text(_get(props, "buurt_code"))
    if buurt_code or layer == "buurten":
        code, name = buurt_code, _text(_get(props, "buurt_name"))
    else:
        code, name = _text(_get(props, "wijk_code")), _text(_get(props, "wijk_name"))
    year, facts = _facts(props)
    return Row(
        label=label,
        code=code.upper(),
        name=name,
        wijk_code=_text(_get(props, "wijk_code")).upper() if buurt_code else "",
        wijk_name=_text(_get(props, "wijk_name")) if buurt_code else "",
        municipality_code=_text(_get(props, "municipality_code")).upper(),
        municipality_name=_text(_get(props, "municipality_name")),
        inhabitants=_count(_get(props, "inhabitants")),
        dwellings=_count(_get(props, "dwellings")),
        geometry=geometry,
        crs=crs,
        year=year,
        facts=facts,
    )


def _parse_csv(data: bytes) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Dutch Excel versions save CSV as Windows-1252.
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        return _csv_rows(reader)
    except csv.Error as error:  # a field longer than the csv module allows, a stray quote
        raise ImportFailed(
            [_("The CSV file cannot be read at line %(line)s: %(error)s") % {"line": reader.line_num, "error": error}]
        ) from error


def _csv_rows(reader) -> list[Row]:
    if not reader.fieldnames:
        raise ImportFailed([_("The CSV file has no header row.")])
    headers = {_normalise_key(h) for h in reader.fieldnames if h}
    if not any(a in headers for a in ALIASES["code"] + ALIASES["buurt_code"]):
        raise ImportFailed([_("The CSV file needs a column 'code' (or BU_CODE / buurtcode) in its header row.")])
    rows = []
    limit = max_rows()
    for record in reader:
        number = reader.line_num  # the line in the file, blank lines included (line 1 is the header)
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # an empty row, as spreadsheets write them (;;;)
        if len(rows) >= limit:
            raise _too_many_rows()
        props = {_normalise_key(k): v for k, v in record.items() if k}
        level = _text(_get(props, "level")).lower()
        code = _text(_get(props, "code") or _get(props, "buurt_code")).upper()
        name = _text(_get(props, "name") or _get(props, "buurt_name"))
        if level in {"gemeente", "municipality"} or re.match(GEMEENTE_CODE_RE, code):
            rows.append(Row(label="", code="", name=""))  # a municipality row: skipped
            continue
        is_buurt = code.startswith("BU")
        year, facts = _facts(props)
        rows.append(
            Row(
                label=_("row %(number)s") % {"number": number},
                code=code,
                name=name,
                wijk_code=_text(_get(props, "wijk_code")).upper() if is_buurt else "",
                wijk_name=_text(_get(props, "wijk_name")) if is_buurt else "",
                municipality_code=_text(_get(props, "municipality_code")).upper(),
                municipality_name=_text(_get(props, "municipality_name")),
                inhabitants=_count(_get(props, "inhabitants")),
                dwellings=_count(_get(props, "dwellings")),
                year=year,
                facts=facts,
            )
        )
    return rows


def validate(rows: list[Row]) -> list[str]:
    errors, seen = [], {}
    for row in rows:
        if not row.label:
            continue
        if re.match(BUURT_CODE_RE, row.code):
            expected_wijk = "WK" + row.code[2:8]
            if row.wijk_code and row.wijk_code != expected_wijk:
                errors.append(
                    _("%(row)s: buurt %(code)s does not belong to wijk %(wijk)s (its wijk code is %(expected)s).")
                    % {"row": row.label, "code": row.code, "wijk": row.wijk_code, "expected": expected_wijk}
                )
        elif not re.match(WIJK_CODE_RE, row.code):
            errors.append(
                _("%(row)s: '%(code)s' is not a valid CBS wijk code (WK + 6) or buurt code (BU + 8).")
                % {"row": row.label, "code": row.code or _("(empty)")}
            )
            if len(errors) >= MAX_ERRORS:
                errors.append(_("Stopped after %(count)s errors.") % {"count": MAX_ERRORS})
                break
            continue
        for value, limit, what in [
            (row.name, 150, _("name")),
            (row.wijk_name, 150, _("wijk name")),
            (row.municipality_name, 100, _("municipality name")),
            (row.crs, 80, _("coordinate reference system")),
        ]:
            if len(value) > limit:
                errors.append(
                    _("%(row)s: the %(what)s is longer than %(limit)s characters.")
                    % {"row": row.label, "what": what, "limit": limit}
                )
            # As in the forms: names go into file names, mail and PDFs, on one line.
            if has_control_characters(value):
                errors.append(
                    _("%(row)s: the %(what)s contains a line break or another control character.")
                    % {"row": row.label, "what": what}
                )
        if row.municipality_code and row.municipality_code != "GM" + row.code[2:6]:
            errors.append(
                _("%(row)s: code %(code)s does not belong to municipality %(municipality)s.")
                % {"row": row.label, "code": row.code, "municipality": row.municipality_code}
            )
        if not row.name:
            errors.append(_("%(row)s: the name of %(code)s is missing.") % {"row": row.label, "code": row.code})
        if row.code in seen:
            errors.append(
                _("%(row)s: code %(code)s appears twice in the file (also in %(other)s).")
                % {"row": row.label, "code": row.code, "other": seen[row.code]}
            )
        seen.setdefault(row.code, row.label)
        if len(errors) >= MAX_ERRORS:
            errors.append(_("Stopped after %(count)s errors.") % {"count": MAX_ERRORS})
            break
    return errors


# Fields an import may set; a value missing from the file never erases a stored one.
IMPORT_FIELDS = [
    "name",
    "parent_id",
    "municipality_code",
    "municipality_name",
    "inhabitants",
    "dwellings",
    "geometry",
    "geometry_crs",
]


def import_file(filename: str, data: bytes, *, dry_run=False, actor=None, gemeenten=None) -> Summary:
    """Import a GeoJSON, CSV or GeoPackage file given as bytes (the upload page)."""
    if gpkg.is_geopackage(data):
        # SQLite reads files, not bytes: a private temporary copy, removed afterwards.
        with tempfile.NamedTemporaryFile(suffix=".gpkg") as copy:
            copy.write(data)
            copy.flush()
            return import_geopackage(
                Path(copy.name), filename=filename, dry_run=dry_run, actor=actor, gemeenten=gemeenten
            )
    rows = parse(filename, data)
    if gemeenten:
        rows = _only(rows, gemeenten)
    errors = validate(rows)
    if errors:
        raise ImportFailed(errors)
    with transaction.atomic():
        summary = _upsert(rows, filename=filename, actor=actor)
        summary.updated += _derive(_wijk_codes(rows), summary, filename=filename, actor=actor)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _only(rows: list[Row], gemeenten) -> list[Row]:
    wanted = {g.upper() for g in gemeenten}
    return [r for r in rows if r.label and (r.municipality_code or "GM" + r.code[2:6]) in wanted]


def _wijk_codes(rows) -> set[str]:
    return {r.wijk_code or "WK" + r.code[2:8] for r in rows if r.label and r.code.startswith("BU")}


def _derive(wijk_codes: set[str], summary: Summary, *, filename: str, actor) -> int:
    """Derive the figures of these wijken from their buurten; returns how many more wijken changed
    (they get a version and a history entry like any other change)."""
    if not wijk_codes:
        return 0
    wijken = {
        n.code: n
        for n in filter_in_batches(Neighbourhood.objects.only("pk", "code", "name", "version"), "code", wijk_codes)
    }
    changed = facts_import.derive_wijk_facts([n.pk for n in wijken.values()])
    more = [n for code, n in wijken.items() if n.pk in changed and code not in summary.changed_codes]
    if not more:
        return 0
    now = timezone.now()
    for n in more:
        n.version += 1
        n.updated_at = now
    Neighbourhood.objects.bulk_update(more, ["version", "updated_at"], batch_size=500)
    content_type = ContentType.objects.get_for_model(Neighbourhood)
    ChangeEntry.objects.bulk_create(
        [
            ChangeEntry(
                content_type=content_type,
                object_id=str(n.pk),
                object_repr=str(n)[:255],
                actor=actor,
                actor_repr=str(actor) if actor is not None else "",
                action=ChangeEntry.Action.UPDATE,
                version=n.version,
                changes=[history.event("cbs_facts_derived", new=filename)],
            )
            for n in more
        ],
        batch_size=500,
    )
    summary.changed_codes |= {n.code for n in more}
    summary.unchanged -= len({n.code for n in more} & summary.unchanged_codes)
    return len(more)


def geopackage_rows(package: "gpkg.GeoPackage", *, gemeenten=None, geometry=False, layers=("wijken", "buurten")):
    """The rows of a GeoPackage's wijken and buurten, streamed; boundaries only when asked.

    Every boundary is decoded (and so checked) either way."""
    names = {}
    if "gemeenten" in package.layers:
        for props, _blob in package.features("gemeenten", gemeenten=gemeenten, geometry=False):
            lower = {_normalise_key(k): v for k, v in props.items()}
            if _get(lower, "municipality_code"):
                names[_text(_get(lower, "municipality_code")).upper()] = _text(_get(lower, "municipality_name"))
    for layer in layers:
        if layer not in package.layers:
            continue
        columns = {_normalise_key(c) for c in package.columns(layer)}
        needed = "buurt_code" if layer == "buurten" else "wijk_code"
        if not any(a in columns for a in ALIASES[needed]):
            raise ImportFailed(
                [_("The layer %(layer)s has no column %(column)s.") % {"layer": layer, "column": ALIASES[needed][-1]}]
            )
        crs = package.crs(layer)
        for number, (props, blob) in enumerate(package.features(layer, gemeenten=gemeenten), start=1):
            label = _("%(layer)s row %(number)s") % {"layer": layer, "number": number}
            try:
                shape = gpkg.decode_geometry(blob)
            except ValueError as error:
                raise ImportFailed(
                    [_("%(row)s: the boundary cannot be read: %(error)s") % {"row": label, "error": error}]
                ) from error
            row = _feature_row(label, props, shape if geometry else None, crs if shape is not None else "", layer)
            if not row.municipality_name:
                row.municipality_name = names.get(row.municipality_code, "")
            yield row


BATCH = 500


def import_geopackage(path: Path, *, filename=None, dry_run=False, actor=None, gemeenten=None) -> Summary:
    """Import the wijken and buurten of a CBS/PDOK GeoPackage (optionally of some municipalities).

    First every row is read and validated without its boundary; then, in one transaction, the
    rows are read again and written in batches."""
    filename = filename or Path(path).name
    gemeenten = [g.upper() for g in gemeenten] if gemeenten else None
    try:
        with gpkg.GeoPackage(path) as package:
            rows = []
            limit = max_rows()
            for row in geopackage_rows(package, gemeenten=gemeenten):
                row.facts = {}  # checked when written; not kept in memory
                rows.append(row)
                if len(rows) > limit:
                    raise _too_many_rows()
            if not rows:
                raise ImportFailed(
                    [
                        _("The GeoPackage has no wijken or buurten of %(gemeenten)s.")
                        % {"gemeenten": ", ".join(gemeenten)}
                        if gemeenten
                        else _("The GeoPackage has no wijken or buurten.")
                    ]
                )
            errors = validate(rows)
            if errors:
                raise ImportFailed(errors)
            wijk_codes = _wijk_codes(rows)
            del rows
            with transaction.atomic():
                summary = Summary()
                for layer in ("wijken", "buurten"):
                    batch = []
                    for row in geopackage_rows(package, gemeenten=gemeenten, geometry=True, layers=(layer,)):
                        batch.append(row)
                        if len(batch) >= BATCH:
                            _upsert(batch, filename=filename, actor=actor, summary=summary)
                            batch = []
                    if batch:
                        _upsert(batch, filename=filename, actor=actor, summary=summary)
                summary.updated += _derive(wijk_codes, summary, filename=filename, actor=actor)
                if dry_run:
                    transaction.set_rollback(True)
    except gpkg.GeoPackageError as error:
        raise ImportFailed([str(error)]) from error
    return summary


def _values(row: Row, kind: str, parent_id) -> dict:
    values = {
        "name": row.name,
        "parent_id": parent_id,
        "municipality_code": row.municipality_code or "GM" + row.code[2:6],
        "municipality_name": row.municipality_name,
        "inhabitants": row.inhabitants,
        "dwellings": row.dwellings,
        "geometry": row.geometry,
        "geometry_crs": row.crs,
    }
    return {k: v for k, v in values.items() if v not in (None, "") or k == "parent_id" and kind == "buurt"}


def _upsert(rows: list[Row], *, filename: str, actor, summary: Summary | None = None) -> Summary:
    summary = summary or Summary()
    summary.skipped += sum(1 for r in rows if not r.label)
    rows = [r for r in rows if r.label]
    wijk_rows = [r for r in rows if r.code.startswith("WK")]
    buurt_rows = [r for r in rows if r.code.startswith("BU")]
    existing = {
        n.code: n
        # In batches: a national file has more codes than SQLite takes in one query.
        for n in filter_in_batches(
            Neighbourhood.objects.defer(None),
            "code",
            [r.code for r in rows] + [r.wijk_code or "WK" + r.code[2:8] for r in buurt_rows],
        )
    }
    created, updated, unchanged = [], [], []

    def apply(row: Row, kind: str, parent_id=None):
        values = _values(row, kind, parent_id)
        current = existing.get(row.code)
        if current is None:
            obj = Neighbourhood(code=row.code, kind=kind, **values)
            existing[row.code] = obj
            created.append(obj)
            return
        changed = changed_fields(current, values, kind)
        if not changed:
            unchanged.append(current)
            return
        old = {k: getattr(current, k) for k in changed}
        for k, v in changed.items():
            setattr(current, k, v)
        current.version += 1
        updated.append((current, {k: (old[k], v) for k, v in changed.items()}))

    for row in wijk_rows:
        apply(row, Neighbourhood.Kind.WIJK)
    # Buurten whose wijk is not in the file or the database get that wijk, named for now by
    # the file's wijk name or its code; a later wijk import corrects the name.
    for row in buurt_rows:
        wijk_code = row.wijk_code or "WK" + row.code[2:8]
        if wijk_code not in existing:
            apply(
                Row(
                    label=row.label,
                    code=wijk_code,
                    name=row.wijk_name or wijk_code,
                    municipality_code=row.municipality_code,
                    municipality_name=row.municipality_name,
                ),
                Neighbourhood.Kind.WIJK,
            )
    Neighbourhood.objects.bulk_create([o for o in created if o.kind == Neighbourhood.Kind.WIJK])
    for row in buurt_rows:
        apply(row, Neighbourhood.Kind.BUURT, parent_id=existing[row.wijk_code or "WK" + row.code[2:8]].pk)
    Neighbourhood.objects.bulk_create([o for o in created if o.kind == Neighbourhood.Kind.BUURT])
    if updated:
        now = timezone.now()
        for obj, _changed in updated:
            obj.updated_at = now  # bulk_update does not run auto_now
        fields = sorted({f for _obj, changed in updated for f in changed} | {"version", "updated_at"})
        Neighbourhood.objects.bulk_update([obj for obj, _changed in updated], fields, batch_size=500)

    # The CBS figures, per year; a neighbourhood whose figures changed counts as updated.
    by_code = {r.code: r for r in rows}
    facts_changed = facts_import.store(
        [
            (o.pk, by_code[o.code].year, by_code[o.code].facts)
            for o in [*created, *(o for o, _c in updated), *unchanged]
            if o.code in by_code
        ],
        source=f"CBS, {filename}",
    )
    for obj in [o for o in unchanged if o.pk in facts_changed]:
        unchanged.remove(obj)
        obj.version += 1
        updated.append((obj, {}))
        Neighbourhood.objects.filter(pk=obj.pk).update(version=obj.version, updated_at=timezone.now())
    summary.unchanged += len(unchanged)
    summary.unchanged_codes |= {o.code for o in unchanged}

    imported = history.event("imported", new=filename)
    codes = parent_codes(changed for _o, changed in updated)
    content_type = ContentType.objects.get_for_model(Neighbourhood)
    actor_repr = str(actor) if actor is not None else ""

    def entry(obj, action, changes=()):
        return ChangeEntry(
            content_type=content_type,
            object_id=str(obj.pk),
            object_repr=str(obj)[:255],
            actor=actor,
            actor_repr=actor_repr,
            action=action,
            version=obj.version,
            changes=[*changes, imported],
        )

    entries = [entry(o, ChangeEntry.Action.CREATE) for o in created] + [
        entry(
            o,
            ChangeEntry.Action.UPDATE,
            [
                *(history_change(f, old, new, codes) for f, (old, new) in changed.items()),
                *_facts_event(o, by_code, facts_changed),
            ],
        )
        for o, changed in updated
    ]
    ChangeEntry.objects.bulk_create(entries, batch_size=500)
    summary.created += len(created)
    summary.updated += len(updated)
    summary.codes_created += [o.code for o in created]
    summary.changed_codes |= {o.code for o in created} | {o.code for o, _c in updated}
    return summary


def _facts_event(obj, by_code, facts_changed):
    row = by_code.get(obj.code)
    if obj.pk in facts_changed and row is not None and row.year:
        return [history.event("cbs_facts", new=str(row.year))]
    return []
