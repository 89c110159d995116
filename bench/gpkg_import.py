"""Benchmark: import a generated national-size CBS GeoPackage and report time and peak memory.

    /work/main/.venv/bin/python bench/gpkg_import.py [--buurten 14000] [--vertices 120]

Writes `var/bench/national.gpkg` (layers gemeenten, wijken, buurten in RD New, with the CBS
figures of neighbourhoods/cbs_facts.py and some special values), then runs
`manage.py migrate` and `manage.py import_neighbourhoods` twice (the first creates everything,
the second changes nothing) in a child process against a fresh database of its own: SQLite
`var/bench/gpkg.sqlite3`, or with a PostgreSQL DATABASE_URL the database `<name>_gpkg` on that
server (dropped afterwards). Prints wall time and the child's peak resident memory (`ru_maxrss`)
and writes them into docs/performance.md (between markers per database). A benchmark, not a
test: it never runs in the test suite.
"""

import argparse
import datetime
import math
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import BenchDatabase  # noqa: E402
from bench.report import write_doc  # noqa: E402
from neighbourhoods.gpkg import write_geopackage  # noqa: E402

FACT_KEYS = [
    "aantal_inwoners",
    "aantal_huishoudens",
    "woningvoorraad",
    "percentage_eengezinswoning",
    "percentage_koopwoningen",
    "perc_huurwoningen_in_bezit_woningcorporaties",
    "percentage_bouwjaarklasse_tot_2000",
    "gemiddeld_gasverbruik_totaal",
    "gemiddeld_elektriciteitsverbruik_totaal",
    "percentage_woningen_met_stadsverwarming",
    "gemiddelde_woningwaarde",
    "percentage_huishoudens_onder_of_rond_sociaal_minimum",
]


def ring(cx, cy, radius, vertices, rng):
    points = []
    for i in range(vertices):
        angle = 2 * math.pi * i / vertices
        r = radius * (0.8 + 0.2 * rng.random())
        points.append([round(cx + r * math.cos(angle), 3), round(cy + r * math.sin(angle), 3)])
    return [*points, points[0]]


def generate(path: Path, buurten: int, vertices: int, seed: int = 1):
    rng = random.Random(seed)
    gemeenten_count = 342
    wijken_per_gemeente = max(1, round(buurten / 5 / gemeenten_count))
    per_wijk = max(1, round(buurten / (gemeenten_count * wijken_per_gemeente)))

    def buurt_rows():
        for g in range(gemeenten_count):
            for w in range(wijken_per_gemeente):
                for b in range(per_wijk):
                    cx, cy = 20000 + (g % 20) * 12000 + w * 1500, 310000 + (g // 20) * 16000 + b * 400
                    props = {
                        "buurtcode": f"BU{g + 1:04d}{w:02d}{b:02d}",
                        "buurtnaam": f"Buurt {g + 1}-{w}-{b}",
                        "wijkcode": f"WK{g + 1:04d}{w:02d}",
                        "gemeentecode": f"GM{g + 1:04d}",
                        "gemeentenaam": f"Gemeente {g + 1}",
                        "water": "NEE",
                        "jaar": 2024,
                        "jrstatcode": f"2024BU{g + 1:04d}{w:02d}{b:02d}",
                    }
                    for key in FACT_KEYS:
                        props[key] = (
                            rng.choice([-99997, -99995]) if rng.random() < 0.1 else round(rng.random() * 100, 1)
                        )
                    yield props, {"type": "Polygon", "coordinates": [ring(cx, cy, 180, vertices, rng)]}

    def wijk_rows():
        for g in range(gemeenten_count):
            for w in range(wijken_per_gemeente):
                cx, cy = 20000 + (g % 20) * 12000 + w * 1500, 310000 + (g // 20) * 16000
                props = {
                    "wijkcode": f"WK{g + 1:04d}{w:02d}",
                    "wijknaam": f"Wijk {g + 1}-{w}",
                    "gemeentecode": f"GM{g + 1:04d}",
                    "gemeentenaam": f"Gemeente {g + 1}",
                    "water": "NEE",
                    "jaar": 2024,
                    "woningvoorraad": -99995,
                }
                yield props, {"type": "Polygon", "coordinates": [ring(cx, cy, 900, vertices, rng)]}

    def gemeente_rows():
        for g in range(gemeenten_count):
            props = {
                "gemeentecode": f"GM{g + 1:04d}",
                "gemeentenaam": f"Gemeente {g + 1}",
                "water": "NEE",
                "jaar": 2024,
            }
            yield props, {"type": "Polygon", "coordinates": [ring(0, 0, 5000, vertices, rng)]}

    write_geopackage(path, {"gemeenten": gemeente_rows(), "wijken": wijk_rows(), "buurten": buurt_rows()})
    return gemeenten_count * wijken_per_gemeente * per_wijk, gemeenten_count * wijken_per_gemeente


def run(command, env):
    """Run a child; its last output line, wall time and its own peak resident memory (MB)."""
    start = time.perf_counter()
    with (
        open(os.devnull, "w") as devnull,
        subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=devnull, text=True) as child,
    ):
        output = child.stdout.read()
        _pid, status, usage = os.wait4(child.pid, 0)  # the rusage of this child alone
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode:
        sys.exit(f"{command} failed")
    lines = output.strip().splitlines()
    return (lines[-1] if lines else ""), seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--buurten", type=int, default=14000)
    parser.add_argument("--vertices", type=int, default=120)
    args = parser.parse_args()
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path, database = folder / "national.gpkg", folder / "gpkg.sqlite3"
    start = time.perf_counter()
    buurten, wijken = generate(path, args.buurten, args.vertices)
    print(
        f"generated {path.name}: {buurten} buurten, {wijken} wijken, {path.stat().st_size / 1e6:.0f} MB "
        f"in {time.perf_counter() - start:.1f} s"
    )
    bench_database = BenchDatabase(os.environ.get("DATABASE_URL", ""), database, suffix="gpkg")
    bench_database.create()
    # DEBUG off, as on a server: with it on, Django keeps the last 9,000 queries' SQL (boundaries
    # included) in memory, which is not the import's own memory.
    env = {
        **os.environ,
        "DATABASE_URL": bench_database.url,
        "CBS_IMPORT_MAX_ROWS": "50000",
        "DJANGO_DEBUG": "false",
    }
    manage = [sys.executable, "manage.py"]
    rows = []
    try:
        run([*manage, "migrate", "-v", "0"], env)
        for label in ("first import", "second import (nothing changes)"):
            line, seconds, peak = run([*manage, "import_neighbourhoods", str(path)], env)
            print(f"{label}: {line} in {seconds:.1f} s, peak memory of the process {peak:.0f} MB")
            rows.append(f"| {label} | {line} | {seconds:.1f} s | {peak:.0f} MB |")
    finally:
        bench_database.drop()
    write_doc(
        "\n".join(
            [
                f"GeoPackage import on {'PostgreSQL' if bench_database.backend == 'postgresql' else 'SQLite'}, "
                f"{datetime.date.today().isoformat()}, {platform.python_implementation()} {platform.python_version()}, "
                f"{os.cpu_count()} cores: {buurten} buurten, {wijken} wijken, {path.stat().st_size / 1e6:.0f} MB.",
                "",
                "| run | summary | time | peak memory |",
                "| --- | --- | --- | --- |",
                *rows,
            ]
        ),
        f"gpkg-{bench_database.backend}",
    )


if __name__ == "__main__":
    main()
