#!/usr/bin/env python
"""Load benchmark of the main pages at national scale: `.venv/bin/python bench/run.py`.

1. Creates a separate database: `var/bench.sqlite3` (recreated each run), or, when DATABASE_URL
   points at PostgreSQL, a database `<name>_bench` on that server (dropped and created again;
   dropped at the end unless --keep-db). The database named in DATABASE_URL is never touched.
2. Runs `migrate` and `generate_bench_data` there.
3. Counts the queries per page in-process (Django's test client + CaptureQueriesContext, one
   request after a warm-up request), optionally with a profile of one request per page.
4. Starts gunicorn on 127.0.0.1 (a free port, 2 workers, DEBUG off), logs in through the login
   form, warms up every page, then loads each page with N concurrent clients (threads) for a
   bounded time, and records requests, errors (anything but 200), p50/p95 latency and the peak
   memory of the worker processes. `/healthz/` (one `SELECT 1`) is the floor.
5. Prints the table and writes it into docs/performance.md (between markers per database).

Only 127.0.0.1 is contacted. gunicorn is stopped at the end, also when something fails.
See bench/README.md.
"""

import shutil
import sys
from pathlib import Path

# Run as a script, Python puts bench/ first on the path: put the project root there instead, so
# that the modules next to this one are the package `bench` (and shadow no other module).
HERE = Path(__file__).resolve().parent
sys.path[:] = [path for path in sys.path if Path(path or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from bench.cli import main  # noqa: E402
from bench.common import BIN  # noqa: E402

if __name__ == "__main__":
    if shutil.which("gunicorn", path=str(BIN)) is None and "--in-process" not in sys.argv:
        sys.exit(f"gunicorn not found in {BIN}: run `make install` first.")
    sys.exit(main())
