"""The results: targets met or missed, the table, and its section in docs/performance.md."""

import math
import re

from bench.common import DOC, PAGES

HTML_RATIO_TARGET = 10.0
PDF_P95_TARGET_MS = 1000.0
MEMORY_TARGET_MB = 300.0
MARKER = "<!-- bench:{backend}:{edge} -->"
SECTION_HEADING = "## Pages under load"


def evaluate(results: dict, floor_p95: float) -> None:
    """Adds 'ratio', 'target' and 'met' to each page's result."""
    for key, _label, kind, _path in PAGES:
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
    for key, label, _kind, _path in PAGES:
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
    html = [results[k] for k, _l, kind, _p in PAGES if kind == "html" and k in results]
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
        "after two warm-up requests (the first request of a process in brackets when it differs), and its time "
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
