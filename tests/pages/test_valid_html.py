"""The HTML of the main pages (home for each role, lists, details, forms) is valid: the W3C Nu HTML
Checker (npm vnu-jar, installed by `make vnu`) reports no errors. The pages come from a crawl of
the demo with Django's test client; one vnu run checks them all."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pages.crawl import ROLES, crawl, load_demo

JAR = Path(__file__).resolve().parents[1] / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.skipif(
    not JAR.exists() or shutil.which("java") is None, reason="vnu.jar or Java missing (make vnu)"
)


def vnu_errors(files: list[Path]) -> list[dict]:
    result = subprocess.run(
        ["java", "-Xss2m", "-jar", str(JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


@pytest.mark.django_db
def test_the_main_pages_are_valid_html(tmp_path):
    load_demo()
    names = {}
    for role in ROLES:
        for path, html in crawl(role, per_pattern=1, max_pages=60).items():
            name = f"{role}{path.replace('/', '_').replace('?', '_')}.html"
            (tmp_path / name).write_text(html)
            names[name] = f"{role} {path}"
    assert len(names) > 40
    errors = vnu_errors(sorted(tmp_path.glob("*.html")))
    problems = [
        f"{names.get(Path(e.get('url', '')).name, e.get('url'))}:{e.get('lastLine')}: {e.get('message')} "
        f"[{e.get('extract', '').strip()}]"
        for e in errors
    ]
    assert not problems, f"{len(problems)} errors:\n" + "\n".join(problems)
