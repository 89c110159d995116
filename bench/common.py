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

# (key, label, kind): the floor first. Paths are filled in by `pick_targets`.
PAGES = [
    ("floor", "floor: /healthz/", "floor"),
    ("floor_session", "/healthz/ with a session (reference)", "info"),
    ("dashboard", "dashboard", "html"),
    ("neighbourhood_list", "neighbourhood list (filtered, own municipality)", "html"),
    ("neighbourhood_list_all", "neighbourhood list (filtered, all municipalities)", "html"),
    ("neighbourhood_detail", "neighbourhood detail (wijk)", "html"),
    ("map", "map (colour: role, own municipality)", "html"),
    ("initiative_list", "initiative list", "html"),
    ("partnership_detail", "partnership detail", "html"),
    ("wijkkompas", "Wijkkompas discussion", "html"),
    ("draft_pdf", "draft agreement PDF", "pdf"),
]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)
