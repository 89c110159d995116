"""The benchmark's own database (SQLite or PostgreSQL, never the one in DATABASE_URL), the
environment its Django processes run in, and `manage.py` commands against it.
"""

import contextlib
import os
import subprocess
import time
import urllib.parse
from pathlib import Path

from bench.common import PYTHON, ROOT, WORK


class BenchDatabase:
    """The benchmark's own database, derived from DATABASE_URL (SQLite by default)."""

    def __init__(self, source_url: str, sqlite_path: Path, suffix: str = "bench"):
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
            self.name = f"{source_name}_{suffix}"
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
        # The open data API as in development (public), without the per-address rate limit: all
        # the load comes from one address.
        API_ACCESS="public",
        API_RATE_LIMIT="1000000/second",
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
