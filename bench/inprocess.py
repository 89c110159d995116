"""In-process measurements in a child process with the bench database's Django: the URL of each
page, queries and time of one request per page, optional profiles, versions and data counts.
"""

import json
import os
import platform
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import COORDINATOR_PAGES, PAGES, PYTHON, ROOT, SCRIPT, USER, WORK
from bench.database import BenchDatabase, django_env


def coordinator_of(partnership):
    """The email of a coordinator of `partnership`'s initiative (who the coordinator pages log in as)."""
    from partnerships.models import CoordinatorAccess

    return (
        CoordinatorAccess.objects.filter(initiative_id=partnership.initiative_id, revoked_at__isnull=True)
        .order_by("pk")
        .values_list("user__email", flat=True)
        .first()
    )


def picked_partnership():
    from partnerships.models import Partnership

    path = pick_targets().get("partnership_detail", "")
    return Partnership.objects.filter(pk=int(path.strip("/").split("/")[-1])).first() if path else None


def pick_targets() -> dict[str, str]:
    """The URL of each page, picked deterministically from the generated data."""
    from agreements.models import DraftVersion
    from meetings.models import Meeting
    from neighbourhoods.models import Neighbourhood
    from partnerships.models import Partnership
    from wijkkompas.models import Discussion

    wijken = Neighbourhood.objects.filter(kind="wijk").order_by("code")
    wijk = wijken.filter(role_decision__isnull=False, initiatives__isnull=False).first() or wijken.first()
    partnerships = Partnership.objects.order_by("pk")
    partnership = (
        partnerships.filter(
            status="active",
            wijkkompas_discussions__completed_on__isnull=False,
            drafts__isnull=False,
            meetings__report__isnull=False,
            documents__isnull=False,
            initiative__coordinator_access__isnull=False,
        ).first()
        or partnerships.first()
    )
    discussions = Discussion.objects.order_by("pk")
    discussion = discussions.filter(started_from__isnull=False).first() or discussions.first()
    versions = DraftVersion.objects.order_by("pk")
    version = versions.filter(draft__form="intentieovereenkomst").first() or versions.first()
    targets = {key: path for key, _label, _kind, path in PAGES if path}
    targets.pop("home_coordinator", None)
    if partnership and coordinator_of(partnership):
        targets["home_coordinator"] = "/"
    if wijk:
        targets["neighbourhood_detail"] = f"/buurten/{wijk.code}/"
    if partnership:
        targets["partnership_detail"] = f"/partnerschappen/{partnership.pk}/"
        targets["meetings"] = f"/overleggen/samenwerking/{partnership.pk}/"
        targets["documents"] = f"/documenten/samenwerking/{partnership.pk}/"
        meeting = Meeting.objects.filter(partnership=partnership, report__isnull=False).order_by("pk").first()
        if meeting:
            targets["meeting"] = f"/overleggen/{meeting.pk}/"
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
    partnership = picked_partnership()
    coordinator_email = coordinator_of(partnership) if partnership else None
    coordinator = Client()
    if coordinator_email:
        coordinator.force_login(User.objects.get(email=coordinator_email), backend="accounts.backends.EmailBackend")
    anonymous = Client()  # the floor as a load balancer calls it: no session, one SELECT 1

    def client_for(key):
        return anonymous if key == "floor" else coordinator if key in COORDINATOR_PAGES else client

    pages = {}
    for key, path in targets.items():
        runs = []
        # The first request fills per-process caches (content types) and lets core.cache learn the
        # tables a page's data is read from; the second stores it; the third is a page as the
        # load sees it after the warm-up.
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client_for(key).get(path)
                elapsed = time.perf_counter() - start
            runs.append({"status": response.status_code, "queries": len(queries), "ms": elapsed * 1000})
        page = {"path": path, "cold": runs[0], "warm": runs[-1], "bytes": len(response.content)}
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            client_for(key).get(path)
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
    Path(args.json_out).write_text(
        json.dumps({"pages": pages, "facts": facts(), "coordinator": coordinator_email}, indent=2)
    )


def run_in_process(database: BenchDatabase, profile: bool) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        command = [PYTHON, str(SCRIPT), "--in-process", "--json-out", str(out)]
        if profile:
            command.append("--profile")
        subprocess.run(command, cwd=ROOT, env=django_env(database, in_process=True), check=True)
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)
