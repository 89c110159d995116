"""The machine, read from /proc: CPU time of the workers, this client and PostgreSQL against all
other work, the workers' memory, waiting for a quiet machine, and what the machine is.
"""

import contextlib
import os
import platform
import threading
import time
from pathlib import Path

from bench.common import log


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
