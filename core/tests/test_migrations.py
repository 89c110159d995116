"""Migrations stand on their own: they import Django, never the project's code of today.

A migration runs against the models as they were when it was written. Data imported from a
module (a `reference_data.py`) would change under it whenever that module changes, so a data
migration carries its own copy of the data.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PROJECT_PACKAGES = {path.name for path in ROOT.iterdir() if (path / "__init__.py").is_file()}
# Django itself writes a manager with `use_in_migrations` by its import path and imports it to build
# the historical model; that is code Django asks for, not data, and removing it changes the state.
ALLOWED = {
    ("accounts/migrations/0001_initial.py", "accounts.models"),
    # Written by Django: a field's validator is referenced by its import path, like the manager above.
    ("accounts/migrations/0003_email_plain_validator.py", "accounts.auth"),
}


def migration_files():
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.is_relative_to(ROOT):
            yield from sorted((path / "migrations").glob("*.py"))


def project_imports(source: str) -> list[str]:
    """The project modules a migration imports, anywhere in the file (relative imports included)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = ["." * node.level + (node.module or "")]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in {
            "import_module",
            "__import__",
        }:
            modules = [arg.value for arg in node.args[:1] if isinstance(arg, ast.Constant)] or ["<dynamic>"]
        else:
            continue
        for module in modules:
            top = module.split(".")[0]
            if module.startswith(".") or module == "<dynamic>" or top in PROJECT_PACKAGES:
                found.append(module)
    return found


def test_the_check_sees_every_kind_of_project_import():
    source = (
        "import django.db.models.deletion\nfrom django.db import migrations\nimport datetime\n"
        "from wijkkompas.reference_data import seed\nimport accounts.models\nfrom . import helpers\n"
        "def forwards(apps, schema_editor):\n    from neighbourhoods import reference_data\n"
        "    importlib.import_module('partnerships.reference_data')\n"
    )
    assert sorted(project_imports(source)) == [
        ".",
        "accounts.models",
        "neighbourhoods",
        "partnerships.reference_data",
        "wijkkompas.reference_data",
    ]


def test_migrations_import_no_project_module():
    files = {file.relative_to(ROOT).as_posix(): file for file in migration_files()}
    seeds = {"neighbourhoods/migrations/0003_seed_role_frameworks.py", "wijkkompas/migrations/0002_seed.py"}
    assert seeds <= set(files)  # the check reads the files it is meant to
    offending = {(name, module) for name, file in files.items() for module in project_imports(file.read_text())}
    assert offending - ALLOWED == set()
