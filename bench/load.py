"""Load generation over HTTP: one request, the login through the form, and `hammer` (concurrent
clients for a bounded time) with its latencies, errors and sizes.
"""

import http.client
import http.cookiejar
import itertools
import math
import re
import threading
import time
import urllib.parse
import urllib.request

from bench.common import PASSWORD, USER


def fetch(port: int, path: str, headers=None, timeout=120.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def login(port: int, email: str = USER) -> str:
    """Log in through the form (CSRF token from the page) and return the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar))
    url = f"http://127.0.0.1:{port}/accounts/inloggen/"
    page = opener.open(url, timeout=60).read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match:
        raise RuntimeError("No CSRF token on the login page.")
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), "username": email, "password": PASSWORD})
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
