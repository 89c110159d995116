"""What every part of the benchmark shares: paths, the bench account, the pages measured, the log."""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
WORK = VAR / "bench"
DOC = ROOT / "docs" / "performance.md"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
DEFAULT_SQLITE = VAR / "bench.sqlite3"
# The same as in bench/management/commands/generate_bench_data.py (not imported: that needs Django).
USER = "beheerder@bench.voorbeeld.nl"
PASSWORD = "bench-password-123"
SCRIPT = ROOT / "bench" / "run.py"  # the entry point; the in-process child runs it again

# (key, label, kind, path): the floor first. Adding a page is one line here: its path, or None for
# a path that depends on the generated data (then `bench.inprocess.pick_targets` fills it in).
# kind: "html" and "api" pages are held to p95 within 10x the floor, "pdf" to p95 < 1 s.
PAGES = [
    ("floor", "floor: /healthz/", "floor", "/healthz/"),
    ("floor_session", "/healthz/ with a session (reference)", "info", "/healthz/"),
    ("dashboard", "dashboard (staff home, with the inbox)", "html", "/"),
    ("home_coordinator", "coordinator's home page (with the inbox)", "html", "/"),
    ("inbox", "inbox", "html", "/meldingen/"),
    (
        "neighbourhood_list",
        "neighbourhood list (filtered, own municipality)",
        "html",
        "/buurten/?stap=step1_open&warmte=S2",
    ),
    (
        "neighbourhood_list_all",
        "neighbourhood list (filtered, all municipalities)",
        "html",
        "/buurten/?gemeente=alle&stap=step1_open&warmte=S2",
    ),
    ("neighbourhood_detail", "neighbourhood detail (wijk, with CBS figures)", "html", None),
    ("map", "map (colour: role, own municipality)", "html", "/buurten/kaart/?kleur=rol"),
    (
        "map_fact",
        "map (colour: CBS dwellings, own municipality)",
        "html",
        "/buurten/kaart/?kleur=cijfer-woningvoorraad",
    ),
    ("initiative_list", "initiative list", "html", "/initiatieven/"),
    ("partnership_detail", "partnership detail", "html", None),
    ("meetings", "meetings of a partnership", "html", None),
    ("meeting", "meeting (with its report)", "html", None),
    ("documents", "documents of a partnership", "html", None),
    ("wijkkompas", "Wijkkompas discussion", "html", None),
    ("api_neighbourhoods", "API: neighbourhoods", "api", "/api/v1/neighbourhoods"),
    ("api_partnerships", "API: partnerships", "api", "/api/v1/partnerships"),
    ("api_boundaries", "API: boundaries", "api", "/api/v1/boundaries"),
    ("draft_pdf", "draft agreement PDF", "pdf", None),
]


# Pages requested as a coordinator (of the partnership `pick_targets` picks) instead of the beheerder.
COORDINATOR_PAGES = {"home_coordinator"}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)
