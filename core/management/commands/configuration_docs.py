from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.env import DECLARATIONS

HEADER = """# Configuration

Wijkpartner reads its configuration from environment variables, each declared once in
`config/settings.py` through `config.env.env`. This page is generated from those declarations
by `python manage.py configuration_docs`; a test fails when it is out of date.

With no variables set, the app runs in development mode on SQLite (`var/wijkpartner.sqlite3`).
For production set at least `DJANGO_ENV=production`, `DJANGO_SECRET_KEY`, `DJANGO_ALLOWED_HOSTS`
and `DATABASE_URL`.

| Variable | Default | Meaning |
| --- | --- | --- |
"""


def _default(value) -> str:
    if isinstance(value, list):
        value = ",".join(value)
    text = str(value)
    if str(settings.BASE_DIR) in text:
        text = text.replace(str(settings.BASE_DIR), "<project>")
    if "insecure" in text:
        text = "(a development-only key)"
    return f"`{text}`" if text else "(empty)"


def render() -> str:
    rows = [
        f"| `{d.name}` | {_default(d.default)} | {d.help_text} |"
        for d in sorted(DECLARATIONS.values(), key=lambda d: d.name)
    ]
    return HEADER + "\n".join(rows) + "\n"


class Command(BaseCommand):
    help = "Write docs/configuration.md from the settings declarations (--check: fail if it is out of date)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check=False, **options):
        path = Path(settings.BASE_DIR) / "docs" / "configuration.md"
        text = render()
        if check:
            if not path.exists() or path.read_text() != text:
                raise CommandError("docs/configuration.md is out of date: run manage.py configuration_docs")
            return
        path.write_text(text)
        self.stdout.write(f"wrote {path}")
