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

import argparse
import contextlib
import datetime
import http.client
import http.cookiejar
import itertools
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
WORK = VAR / "bench"
DOC = ROOT / "docs" / "performance.md"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
DEFAULT_SQLITE = VAR / "bench.sqlite3"
# The same as in core/management/commands/generate_bench_data.py (not imported: that needs Django).
USER = "beheerder@bench.voorbeeld.nl"
PASSWORD = "bench-password-123"

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
HTML_RATIO_TARGET = 10.0
PDF_P95_TARGET_MS = 1000.0
MEMORY_TARGET_MB = 300.0
MARKER = "<!-- bench:{backend}:{edge} -->"
SECTION_HEADING = "## Pages under load"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- The separate benchmark database ------------------------------------------------------------


class BenchDatabase:
    """The benchmark's own database, derived from DATABASE_URL (SQLite by default)."""

    def __init__(self, source_url: str, sqlite_path: Path):
        self.source_url = source_url
        parts = urllib.parse.urlsplit(source_url) if source_url else None
        scheme = parts.scheme if parts else "sqlite"
        if scheme.startswith("sqlite"):
            self.backend = "sqlite"
            self.path = sqlite_path.resolve()
            self.url = f"sqlite:///{self.path}"
        elif scheme in {"postgres", "postgresql", "pgsql", "postgis"}:
            self.backend = "postgresql"
            source_name = urllib.parse.unquote(parts.path.lstrip("/")) or "wijkpartner"
            self.name = f"{source_name}_bench"
            if self.name == source_name:
                raise SystemExit("The benchmark database must differ from the one in DATABASE_URL.")
            self.parts = parts
            self.url = urllib.parse.urlunsplit(
                (parts.scheme, parts.netloc, "/" + urllib.parse.quote(self.name), parts.query, "")
            )
        else:
            raise SystemExit(f"bench/run.py supports SQLite and PostgreSQL, not {scheme!r}.")

    @property
    def label(self) -> str:
        if self.backend == "postgresql":
            return f"PostgreSQL database {self.name}"
        return str(self.path.relative_to(ROOT)) if self.path.is_relative_to(ROOT) else str(self.path)

    def _admin(self, database=None):
        """An autocommit connection to the server's maintenance database (never the source one), or to
        `database` (only ever the bench database)."""
        import psycopg2

        parts = self.parts
        options = dict(urllib.parse.parse_qsl(parts.query))
        kwargs = {
            "host": parts.hostname or "localhost",
            "port": parts.port or 5432,
            "user": urllib.parse.unquote(parts.username) if parts.username else None,
            "password": urllib.parse.unquote(parts.password) if parts.password else None,
            **{k: v for k, v in options.items() if k in {"sslmode", "sslrootcert", "connect_timeout"}},
        }
        for dbname in [database] if database else ["postgres", "template1"]:
            try:
                connection = psycopg2.connect(dbname=dbname, **{k: v for k, v in kwargs.items() if v is not None})
            except psycopg2.OperationalError:
                continue
            connection.autocommit = True
            return connection
        raise SystemExit("Cannot connect to the PostgreSQL server's maintenance database (postgres or template1).")

    def analyze(self) -> None:
        """Fresh planner statistics, as autovacuum keeps them on a running server (it may be off here).

        Without them PostgreSQL plans the bulk-loaded tables as if they were empty: the dashboard's
        step-progress query then takes about a minute instead of a fraction of a second.
        """
        if self.backend != "postgresql":
            return
        with contextlib.closing(self._admin(self.name)) as connection, connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            # Write the loaded pages out now, not in a timed checkpoint in the middle of a page.
            with contextlib.suppress(Exception):
                cursor.execute("CHECKPOINT")

    def exists(self) -> bool:
        if self.backend == "sqlite":
            return self.path.exists()
        with contextlib.closing(self._admin()) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name])
            return cursor.fetchone() is not None

    def drop(self) -> None:
        if self.backend == "sqlite":
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return
        from psycopg2 import sql

        with contextlib.closing(self._admin()) as connection, connection.cursor() as cursor:
            force = " WITH (FORCE)" if connection.server_version >= 130000 else ""
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}" + force).format(sql.Identifier(self.name)))

    def create(self) -> None:
        self.drop()
        if self.backend == "sqlite":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return
        from psycopg2 import sql

        with contextlib.closing(self._admin()) as connection, connection.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))


def django_env(database: BenchDatabase, *, in_process=False) -> dict:
    env = os.environ.copy()
    env.update(
        DATABASE_URL=database.url,
        DJANGO_ENV="development",  # plain http on 127.0.0.1; DEBUG off below so it does not distort
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver" if in_process else "127.0.0.1",
        PYTHONUNBUFFERED="1",
        CACHE_DIR=str(WORK / "cache"),  # emptied at the start of each run (see main)
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Development defaults: no second factor required for the bench accounts, no HTTPS redirect.
    for name in ("OTP_REQUIRED_ROLES", "DJANGO_SECURE_SSL_REDIRECT"):
        env.pop(name, None)
    return env


def manage(database: BenchDatabase, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=django_env(database), check=True)
    return time.perf_counter() - start


# --- In-process: targets, queries per request, profiles, facts ----------------------------------


def pick_targets() -> dict[str, str]:
    """The URL of each page, picked deterministically from the generated data."""
    from agreements.models import DraftVersion
    from neighbourhoods.models import Neighbourhood
    from partnerships.models import Partnership
    from wijkkompas.models import Discussion

    wijken = Neighbourhood.objects.filter(kind="wijk").order_by("code")
    wijk = wijken.filter(role_decision__isnull=False, initiatives__isnull=False).first() or wijken.first()
    partnerships = Partnership.objects.order_by("pk")
    partnership = (
        partnerships.filter(
            status="active", wijkkompas_discussions__completed_on__isnull=False, drafts__isnull=False
        ).first()
        or partnerships.first()
    )
    discussions = Discussion.objects.order_by("pk")
    discussion = discussions.filter(started_from__isnull=False).first() or discussions.first()
    versions = DraftVersion.objects.order_by("pk")
    version = versions.filter(draft__form="intentieovereenkomst").first() or versions.first()
    targets = {
        "floor": "/healthz/",
        "floor_session": "/healthz/",
        "dashboard": "/",
        "neighbourhood_list": "/buurten/?stap=step1_open&warmte=S2",
        "neighbourhood_list_all": "/buurten/?gemeente=alle&stap=step1_open&warmte=S2",
        "map": "/buurten/kaart/?kleur=rol",
        "initiative_list": "/initiatieven/",
    }
    if wijk:
        targets["neighbourhood_detail"] = f"/buurten/{wijk.code}/"
    if partnership:
        targets["partnership_detail"] = f"/partnerschappen/{partnership.pk}/"
    if discussion:
        targets["wijkkompas"] = f"/wijkkompas/gesprekken/{discussion.pk}/"
    if version:
        targets["draft_pdf"] = f"/afspraken/versies/{version.pk}/pdf/"
    return targets


def facts() -> dict:
    """Versions and the size of the data set."""
    import importlib.metadata

    import django
    from django.db import connection

    from accounts.models import User
    from agreements.models import Draft, DraftVersion
    from core.models import ChangeEntry
    from neighbourhoods.models import Goal, Neighbourhood, RoleDecision
    from partnerships.models import Activity, Conversation, Initiative, Partnership
    from wijkkompas.models import Discussion

    if connection.vendor == "sqlite":
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version}"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"

    def version(name):
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "?"

    counts = {
        "wijken": Neighbourhood.objects.filter(kind="wijk").count(),
        "buurten": Neighbourhood.objects.filter(kind="buurt").count(),
        "role decisions": RoleDecision.objects.count(),
        "goals": Goal.objects.count(),
        "initiatives": Initiative.objects.count(),
        "partnerships": Partnership.objects.count(),
        "conversations": Conversation.objects.count(),
        "activities": Activity.objects.count(),
        "Wijkkompas discussions": Discussion.objects.count(),
        "drafts": Draft.objects.count(),
        "frozen versions": DraftVersion.objects.count(),
        "users": User.objects.count(),
        "history entries": ChangeEntry.objects.count(),
    }
    return {
        "vendor": connection.vendor,
        "database": database,
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": version("gunicorn"),
        "weasyprint": version("weasyprint"),
        "counts": counts,
    }


def in_process(args) -> None:
    """Runs inside the bench database's Django (a child process): writes JSON to args.json_out."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    targets = pick_targets()
    client = Client()
    client.force_login(User.objects.get(email=USER), backend="accounts.backends.EmailBackend")
    anonymous = Client()  # the floor as a load balancer calls it: no session, one SELECT 1
    pages = {}
    for key, path in targets.items():
        runs = []
        for _ in range(2):  # the first request fills per-process caches (map paths, content types)
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = (anonymous if key == "floor" else client).get(path)
                elapsed = time.perf_counter() - start
            runs.append({"status": response.status_code, "queries": len(queries), "ms": elapsed * 1000})
        page = {"path": path, "cold": runs[0], "warm": runs[1], "bytes": len(response.content)}
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            (anonymous if key == "floor" else client).get(path)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(25)
            profile_path = WORK / "profiles" / f"{key}.txt"
            profile_path.parent.mkdir(parents=True, exist_ok=True)
            profile_path.write_text(f"GET {path}\n{out.getvalue()}")
            page["profile"] = str(profile_path.relative_to(ROOT))
        pages[key] = page
    Path(args.json_out).write_text(json.dumps({"pages": pages, "facts": facts()}, indent=2))


def run_in_process(database: BenchDatabase, profile: bool) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        command = [PYTHON, str(Path(__file__).resolve()), "--in-process", "--json-out", str(out)]
        if profile:
            command.append("--profile")
        subprocess.run(command, cwd=ROOT, env=django_env(database, in_process=True), check=True)
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


# --- gunicorn and its workers -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> list[int]:
    """The direct children of `pid` (the gunicorn workers of the master)."""
    result = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            result.append(int(entry.name))
    return result


def cpu_seconds(pids, children=False) -> float:
    """User plus system CPU time of `pids`, in seconds (processes that are gone count as zero).

    `children`: add the CPU time of their children that ended. PostgreSQL's backends end (a
    connection is reopened every DATABASE_CONN_MAX_AGE seconds) and their time moves to the
    postmaster's; without this it would show as "other CPU load"."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat[stat.rfind(")") + 2 :].split()
            ticks += int(fields[11]) + int(fields[12])
            if children:
                ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def busy_seconds() -> float:
    """CPU time the whole machine spent busy (all cores), from /proc/stat."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
    return pids


class CpuAccount:
    """Splits the machine's CPU time over a period into ours (workers, this client, PostgreSQL) and
    the rest: other work on a shared machine, which inflates every latency."""

    def __init__(self, workers):
        self.workers = workers
        self.start = self.snapshot()

    def snapshot(self):
        return (
            time.monotonic(),
            busy_seconds(),
            cpu_seconds(self.workers),
            cpu_seconds([os.getpid()]),
            cpu_seconds(postgres_pids(), children=True),
        )

    def result(self) -> dict:
        end = self.snapshot()
        wall, busy, workers, client, postgres = (b - a for a, b in zip(self.start, end, strict=True))
        cores = os.cpu_count() or 1
        other = max(0.0, busy - workers - client - postgres)
        return {"workers_s": workers, "background_pct": 100 * other / (wall * cores) if wall else 0.0}


def background_pct(seconds: float = 2.0) -> float:
    """Share of all cores busy right now (nothing of the benchmark running yet)."""
    before, start = busy_seconds(), time.monotonic()
    time.sleep(seconds)
    return 100 * (busy_seconds() - before) / ((time.monotonic() - start) * (os.cpu_count() or 1))


def memory_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of `pid` in kB; zeros when it is gone."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                name, amount = line.split(":", 1)
                values[name] = int(amount.split()[0])
    except OSError:
        pass
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


class MemoryWatch(threading.Thread):
    """Samples the workers' RSS; remembers the peak per page and every worker's high-water mark."""

    def __init__(self, master: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.master, self.interval = master, interval
        self.page = None
        self.peak_per_page: dict[str, int] = {}
        self.hwm: dict[int, int] = {}
        self.stopped = threading.Event()

    def sample(self):
        for pid in children(self.master):
            rss, hwm = memory_kb(pid)
            if hwm:
                self.hwm[pid] = max(self.hwm.get(pid, 0), hwm)
            if self.page and rss:
                self.peak_per_page[self.page] = max(self.peak_per_page.get(self.page, 0), rss)

    def run(self):
        while not self.stopped.is_set():
            self.sample()
            self.stopped.wait(self.interval)

    def stop(self):
        self.sample()
        self.stopped.set()
        self.join(timeout=5)


class Gunicorn:
    def __init__(self, database: BenchDatabase, workers: int, timeout: int):
        self.port = free_port()
        self.log_path = WORK / "gunicorn.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.command = [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
        ]
        self.env = django_env(database)
        self.process = None

    def start(self):
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log_path}:\n{self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                status, _body = fetch(self.port, "/healthz/", timeout=5)
                if status == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /healthz/ within 60 s; see {self.log_path}")

    def log_tail(self, lines=30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        return ""

    def stop(self):
        """Stop the master (it stops its workers); kill our own process group if it does not."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        finally:
            self._log.close()


# --- HTTP clients -------------------------------------------------------------------------------


def fetch(port: int, path: str, headers=None, timeout=120.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def login(port: int) -> str:
    """Log in through the form (CSRF token from the page) and return the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar))
    url = f"http://127.0.0.1:{port}/accounts/inloggen/"
    page = opener.open(url, timeout=60).read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match:
        raise RuntimeError("No CSRF token on the login page.")
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), "username": USER, "password": PASSWORD})
    request = urllib.request.Request(url, data=data.encode(), headers={"Referer": url})
    opener.open(request, timeout=60).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError("Login failed: no session cookie (is the bench data there?).")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def hammer(port, path, headers, clients, seconds, max_requests, timeout) -> dict:
    """`clients` threads request `path` back to back until `seconds` pass (or `max_requests`)."""
    deadline = time.monotonic() + seconds
    counter = itertools.count()
    lock = threading.Lock()
    samples = []

    def client():
        own = []
        while time.monotonic() < deadline and next(counter) < max_requests:
            start = time.perf_counter()
            try:
                status, body = fetch(port, path, headers, timeout)
            except (OSError, http.client.HTTPException):
                status, body = 0, b""
            own.append((time.perf_counter() - start, status, len(body)))
        with lock:
            samples.extend(own)

    start = time.monotonic()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    latencies = [s[0] * 1000 for s in samples]
    ok_sizes = [s[2] for s in samples if s[1] == 200]
    return {
        "requests": len(samples),
        "errors": sum(1 for s in samples if s[1] != 200),
        "statuses": sorted({s[1] for s in samples}),
        "rps": len(samples) / elapsed if elapsed else 0.0,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "max": max(latencies) if latencies else math.nan,
        "bytes": int(sum(ok_sizes) / len(ok_sizes)) if ok_sizes else 0,
    }


# --- Report -------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram": ram, "os": platform.platform(terse=True)}


def evaluate(results: dict, floor_p95: float) -> None:
    """Adds 'ratio', 'target' and 'met' to each page's result."""
    for key, _label, kind in PAGES:
        r = results.get(key)
        if r is None:
            continue
        r["ratio"] = r["p95"] / floor_p95 if floor_p95 else math.nan
        no_errors = r["errors"] == 0
        if kind == "floor":
            r["target"], r["met"] = "no errors", no_errors
        elif kind == "info":
            r["target"], r["met"] = "none (shows what a session costs)", None
        elif kind == "pdf":
            r["target"] = f"p95 < {PDF_P95_TARGET_MS / 1000:g} s"
            r["met"] = no_errors and r["p95"] < PDF_P95_TARGET_MS
        else:
            r["target"] = f"p95 ≤ {HTML_RATIO_TARGET:g}× floor"
            r["met"] = no_errors and r["ratio"] <= HTML_RATIO_TARGET


def fmt_ms(value: float) -> str:
    if value is None or math.isnan(value):
        return "–"
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def fmt_bytes(value: int) -> str:
    if value < 1024:
        return f"{value} B"
    if value < 1024 * 1024:
        return f"{value / 1024:,.0f} KB"
    return f"{value / 1024 / 1024:,.1f} MB"


def render_table(results: dict, inproc: dict) -> list[str]:
    lines = [
        "| page | path | requests | errors | req/s | p50 | p95 | p95 / floor | queries | 1 request "
        "in-process | worker CPU / request | size | other CPU load | target | met |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for key, label, _kind in PAGES:
        r = results.get(key)
        page = inproc["pages"].get(key)
        if r is None or page is None:
            continue
        queries = page["warm"]["queries"]
        if page["cold"]["queries"] != queries:
            queries = f"{queries} (first: {page['cold']['queries']})"
        ratio = "–" if key == "floor" else f"{r['ratio']:.1f}×"
        lines.append(
            f"| {label} | `{page['path']}` | {r['requests']:,} | {r['errors']} | {r['rps']:.1f} | "
            f"{fmt_ms(r['p50'])} | {fmt_ms(r['p95'])} | {ratio} | {queries} | {fmt_ms(page['warm']['ms'])} | "
            f"{fmt_ms(r.get('cpu_ms', math.nan))} | {fmt_bytes(r['bytes'])} | {r.get('background_pct', 0):.0f}% | "
            f"{r['target']} | {'–' if r['met'] is None else 'met' if r['met'] else '**missed**'} |"
        )
    return lines


def render_section(run: dict) -> str:
    results, inproc, info = run["results"], run["inproc"], run["facts"]
    memory_met = run["memory_peak_mb"] < MEMORY_TARGET_MB
    errors = sum(r["errors"] for r in results.values())
    html = [results[k] for k, _l, kind in PAGES if kind == "html" and k in results]
    pdf = results.get("draft_pdf")
    targets = [
        ("zero errors", f"{errors} errors", errors == 0),
        (
            f"every HTML page p95 within {HTML_RATIO_TARGET:g}× the floor (at {run['clients']} clients, on PostgreSQL)",
            f"worst {max((r['ratio'] for r in html), default=math.nan):.1f}×",
            all(r["met"] for r in html),
        ),
        (
            f"draft PDF p95 < {PDF_P95_TARGET_MS / 1000:g} s",
            fmt_ms(pdf["p95"]) if pdf else "not measured",
            bool(pdf and pdf["met"]),
        ),
        (
            f"peak worker memory < {MEMORY_TARGET_MB:g} MB",
            f"{run['memory_peak_mb']:.0f} MB",
            memory_met,
        ),
    ]
    m = run["machine"]
    counts = ", ".join(f"{value:,} {name}" for name, value in info["counts"].items())
    vendor = "PostgreSQL" if info["vendor"] == "postgresql" else "SQLite"
    lines = [
        f"### {vendor}",
        "",
        f"- Date: {run['date']}; duration {run['duration_s'] / 60:.1f} min (data generated in "
        f"{run['generate_s']:.0f} s).",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM, {m['os']}. Other work used "
        f"{run['idle_before']:.0f}% of the CPU just before the load started (load average {run['load_before']:.1f} "
        f"before the run, {run['load_after']:.1f} after it); per page see *other CPU load*.",
        f"- Software: Python {info['python']}, Django {info['django']}, {info['database']}, gunicorn "
        f"{info['gunicorn']} ({run['workers']} sync workers, DEBUG off), WeasyPrint {info['weasyprint']}.",
        f"- Data (seed {run['seed']}, scale {run['scale']:g}): {counts}.",
        f"- Load: {run['clients']} concurrent clients per page for {run['seconds']:g} s, after a warm-up; "
        "latency is measured by the client (request sent to body read). Queries: one request in-process "
        "after a warm-up request (the first request of a process in brackets when it differs), and its time "
        "without load. Worker CPU / request: the gunicorn workers' CPU time during the measurement divided by "
        "the requests (database server time not included); it does not grow with queueing. Other CPU load: the "
        "share of all cores used by anything but the workers, this client and PostgreSQL during the measurement "
        "(other work on a shared machine slows every page, the floor included).",
        "",
        *render_table(results, inproc),
        "",
        f"Peak worker memory (VmHWM of the gunicorn workers): {run['memory_peak_mb']:.0f} MB; highest RSS "
        "sampled per page: " + ", ".join(f"{k} {v / 1024:.0f} MB" for k, v in run["memory_per_page"].items()) + ".",
        "",
        "| target | measured | met |",
        "| --- | --- | --- |",
        *[f"| {name} | {value} | {'met' if ok else '**missed**'} |" for name, value, ok in targets],
    ]
    if info["vendor"] != "postgresql":
        lines += ["", "The targets are set for PostgreSQL; this SQLite run is for comparison."]
    return "\n".join(lines)


def write_doc(section: str, backend: str) -> None:
    start, end = MARKER.format(backend=backend, edge="start"), MARKER.format(backend=backend, edge="end")
    block = f"{start}\n{section}\n{end}"
    text = DOC.read_text() if DOC.exists() else "# Performance\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _old, after = rest.split(end, 1)
        text = before + block + after
    else:
        if SECTION_HEADING not in text:
            anchor = "## Draft agreement PDF"
            heading = f"{SECTION_HEADING}\n\n`.venv/bin/python bench/run.py` (`make bench`), see bench/README.md.\n\n"
            if anchor in text:
                text = text.replace(anchor, heading + anchor, 1)
            else:
                text = text.rstrip("\n") + "\n\n" + heading
        # The new block goes right after the section heading's introduction, before other blocks.
        head, tail = text.split(SECTION_HEADING, 1)
        next_heading = re.search(r"\n(## |<!-- bench:)", tail[1:])
        cut = next_heading.start() + 1 if next_heading else len(tail)
        text = head + SECTION_HEADING + tail[:cut].rstrip("\n") + "\n\n" + block + "\n\n" + tail[cut:].lstrip("\n")
    DOC.write_text(text)


def wait_for_quiet(limit: float, threshold: float = 15.0) -> float:
    """Wait up to `limit` seconds for other work on the machine to calm down; returns the last reading."""
    deadline = time.monotonic() + limit
    busy = background_pct()
    while busy > threshold and time.monotonic() < deadline:
        log(f"The machine is busy ({busy:.0f}% of the CPU used by other work); waiting for it to calm down.")
        time.sleep(5)
        busy = background_pct()
    if busy > threshold:
        log(f"warning: measuring on a busy machine ({busy:.0f}% of the CPU used by other work).")
    return busy


# --- Main ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="measuring time per page (default 20)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--scale", type=float, default=1.0, help="data size, 1 = national (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=2, help="warm-up rounds of `clients` requests per page")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per request and gunicorn worker timeout")
    parser.add_argument("--max-requests", type=int, default=100_000, help="upper bound of requests per page")
    parser.add_argument("--pages", help="comma-separated subset of: " + ", ".join(k for k, _l, _k in PAGES))
    parser.add_argument("--sqlite-path", type=Path, default=DEFAULT_SQLITE, help="SQLite benchmark database")
    parser.add_argument("--reuse-db", action="store_true", help="keep an existing bench database (no regenerate)")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the PostgreSQL bench database")
    parser.add_argument(
        "--idle-wait", type=float, default=60, help="seconds to wait for other work on the machine to calm down"
    )
    parser.add_argument("--profile", action="store_true", help="write a profile of one request per page")
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/performance.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        in_process(args)
        return 0

    started = time.monotonic()
    load_before = os.getloadavg()[0]
    database = BenchDatabase(os.environ.get("DATABASE_URL", ""), args.sqlite_path)
    WORK.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORK / "cache", ignore_errors=True)
    generate_s = 0.0
    server = None
    watch = None
    try:
        if args.reuse_db and database.exists():
            log(f"Reusing {database.label}.")
            manage(database, "migrate", "--noinput", "-v0")
        else:
            log(f"Creating {database.label}.")
            database.create()
            log(f"migrate: {manage(database, 'migrate', '--noinput', '-v0'):.0f} s")
            generate_s = manage(database, "generate_bench_data", "--seed", str(args.seed), "--scale", f"{args.scale:g}")
            log(f"generate_bench_data: {generate_s:.0f} s")
        if database.backend == "postgresql":
            start = time.perf_counter()
            database.analyze()
            log(f"VACUUM ANALYZE, CHECKPOINT: {time.perf_counter() - start:.0f} s")
        log("Counting queries per page in-process" + (" and profiling" if args.profile else "") + ".")
        inproc = run_in_process(database, args.profile)
        always = {"floor", "floor_session"}
        wanted = set(args.pages.split(",")) | always if args.pages else {k for k, _l, _k in PAGES}
        pages = [(k, label, kind) for k, label, kind in PAGES if k in wanted and k in inproc["pages"]]
        for key, page in inproc["pages"].items():
            if page["warm"]["status"] != 200:
                log(f"warning: {key} {page['path']} answered {page['warm']['status']} in-process")

        idle_before = wait_for_quiet(args.idle_wait)
        server = Gunicorn(database, args.workers, args.timeout)
        log(f"Starting gunicorn on 127.0.0.1:{server.port} ({args.workers} workers).")
        server.start()
        watch = MemoryWatch(server.process.pid)
        watch.start()
        cookie = login(server.port)
        # Pages as a logged-in beheerder; the floor as a load balancer calls it, without a session.
        headers = {
            key: {"Accept-Language": "nl"} if key == "floor" else {"Accept-Language": "nl", "Cookie": cookie}
            for key in inproc["pages"]
        }
        results = {}
        for key, label, _kind in pages:
            path = inproc["pages"][key]["path"]
            watch.page = key
            warm = hammer(server.port, path, headers[key], args.clients, 3600, args.warmup * args.clients, args.timeout)
            account = CpuAccount(children(server.process.pid))
            result = hammer(
                server.port, path, headers[key], args.clients, args.seconds, args.max_requests, args.timeout
            )
            cpu = account.result()
            result["cpu_ms"] = cpu["workers_s"] * 1000 / result["requests"] if result["requests"] else math.nan
            result["background_pct"] = cpu["background_pct"]
            result["warmup_max"] = warm["max"]
            results[key] = result
            log(
                f"{label:32} {result['requests']:6} req {result['errors']:4} err  p50 {fmt_ms(result['p50']):>9}  "
                f"p95 {fmt_ms(result['p95']):>9}  (warm-up max {fmt_ms(warm['max'])}, statuses {result['statuses']})"
            )
        watch.page = None
    finally:
        if watch is not None:
            watch.stop()
        if server is not None:
            server.stop()
            log("gunicorn stopped.")
        if database.backend == "postgresql" and not args.keep_db:
            database.drop()
            log(f"Dropped {database.label}.")

    evaluate(results, results["floor"]["p95"])
    run = {
        "date": datetime.date.today().isoformat(),
        "duration_s": time.monotonic() - started,
        "generate_s": generate_s,
        "load_before": load_before,
        "idle_before": idle_before,
        "load_after": os.getloadavg()[0],
        "machine": machine(),
        "facts": inproc["facts"],
        "inproc": inproc,
        "results": results,
        "seconds": args.seconds,
        "clients": args.clients,
        "workers": args.workers,
        "seed": args.seed,
        "scale": args.scale,
        "memory_peak_mb": max(watch.hwm.values(), default=0) / 1024,
        "memory_per_page": watch.peak_per_page,
    }
    (WORK / f"result-{database.backend}.json").write_text(json.dumps(run, indent=2, default=str))
    section = render_section(run)
    print()
    print(section)
    print()
    if args.no_doc:
        log("Not writing docs/performance.md (--no-doc).")
    else:
        write_doc(section, database.backend)
        log(f"Wrote the {database.backend} table into {DOC.relative_to(ROOT)}.")
    missed = any(r["met"] is False for r in results.values()) or run["memory_peak_mb"] >= MEMORY_TARGET_MB
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    if shutil.which("gunicorn", path=str(BIN)) is None and "--in-process" not in sys.argv:
        sys.exit(f"gunicorn not found in {BIN}: run `make install` first.")
    sys.exit(main())
