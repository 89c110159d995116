"""gunicorn on a free port of 127.0.0.1 with the bench database: started, waited for, stopped."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time

from bench.common import BIN, ROOT, WORK
from bench.database import BenchDatabase, django_env
from bench.load import fetch


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
