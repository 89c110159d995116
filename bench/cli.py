"""The command line of `bench/run.py`: its options, and a run from database to report."""

import argparse
import datetime
import json
import math
import os
import shutil
import time
from pathlib import Path

from bench.common import COORDINATOR_PAGES, DEFAULT_SQLITE, DOC, PAGES, ROOT, WORK, log
from bench.database import BenchDatabase, manage
from bench.inprocess import in_process, run_in_process
from bench.load import hammer, login
from bench.report import MEMORY_TARGET_MB, evaluate, fmt_ms, render_section, write_doc
from bench.server import Gunicorn
from bench.system import CpuAccount, MemoryWatch, children, machine, wait_for_quiet

DESCRIPTION = "Load benchmark of the main pages at national scale: `.venv/bin/python bench/run.py`."


def main() -> int:
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--seconds", type=float, default=20, help="measuring time per page (default 20)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--scale", type=float, default=1.0, help="data size, 1 = national (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=2, help="warm-up rounds of `clients` requests per page")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per request and gunicorn worker timeout")
    parser.add_argument("--max-requests", type=int, default=100_000, help="upper bound of requests per page")
    parser.add_argument("--pages", help="comma-separated subset of: " + ", ".join(k for k, _l, _k, _p in PAGES))
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
        wanted = set(args.pages.split(",")) | always if args.pages else {k for k, _l, _k, _p in PAGES}
        pages = [(k, label, kind) for k, label, kind, _p in PAGES if k in wanted and k in inproc["pages"]]
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
        coordinator_cookie = login(server.port, inproc["coordinator"]) if inproc.get("coordinator") else cookie
        # Pages as a logged-in beheerder (the coordinator's pages as that coordinator); the floor as a
        # load balancer calls it, without a session.
        headers = {
            key: {"Accept-Language": "nl"}
            if key == "floor"
            else {"Accept-Language": "nl", "Cookie": coordinator_cookie if key in COORDINATOR_PAGES else cookie}
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
