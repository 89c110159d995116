"""One write path: views never write to the database themselves.

Every change goes through a service (`<app>/services.py`, or `core.concurrency.update_versioned`
for edit forms) that validates, saves and writes the history in one transaction (see "How a
request flows" in docs/architecture.md). Two checks hold every view module (`*/views.py`,
`*/*_views.py`) to that:

1. its source has no call that writes a model: `.save(`, `.delete(`, `.create(`, `.update(`,
   `.bulk_create(`, `.bulk_update(`, `.get_or_create(`, `.update_or_create(` on anything (so also
   `form.save()` and `dict.update()`: write `{**a, **b}` instead), `.add(`, `.set(`, `.remove(`,
   `.clear(` on an attribute (related managers, `obj.tags.add(...)`), and no history or version
   writes of its own (`core.history.record`/`record_create`, `core.concurrency.bump_version`);
2. no view class falls through to a Django generic view method that saves or deletes
   (`ModelFormMixin.form_valid` is `form.save()`, `DeletionMixin.delete` is `object.delete()`).

The allow-lists below name the few exceptions, each with the reason it is not a write of ours.
"""

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.views import View
from django.views.generic import UpdateView

MODEL_WRITES = {
    "save",
    "delete",
    "create",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
# Many-to-many writes; only flagged on an attribute (`obj.tracks.set(...)`), not on a plain name
# (`seen.add(...)` on a Python set).
RELATED_WRITES = {"add", "set", "remove", "clear"}
# The history and the version are written by services only.
HISTORY_WRITES = {"core.history": {"record", "record_create"}, "core.concurrency": {"bump_version"}}

# (view module, call as written) -> why it is not a model write of ours. Keep this tiny.
ALLOWED_CALLS: dict[tuple[str, str], str] = {}

# View classes that inherit a Django method which saves through Django's own form.
ALLOWED_VIEWS = {
    # django.contrib.auth's PasswordChangeForm/SetPasswordForm hash and save the password and keep
    # the session valid (update_session_auth_hash); audit.signals logs it. Not ours to rewrite.
    "accounts.views.PasswordChangeView": "Django's password change form",
    "accounts.views.PasswordResetConfirmView": "Django's set-password form (reset link)",
}


def view_modules() -> list[Path]:
    base = Path(settings.BASE_DIR)
    paths = [*base.glob("*/views.py"), *base.glob("*/*_views.py")]
    return sorted(p for p in paths if (p.parent / "__init__.py").exists())


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(settings.BASE_DIR).with_suffix("").parts)


def direct_writes(source: str) -> list[tuple[int, str]]:
    """(line, call) for every call in `source` that looks like a model or history write."""
    tree = ast.parse(source)
    imported = {  # names imported from core.history / core.concurrency that write
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name in HISTORY_WRITES.get(node.module, set())
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            receiver = func.value
            flagged = (
                func.attr in MODEL_WRITES
                or (func.attr in RELATED_WRITES and isinstance(receiver, ast.Attribute))
                or (func.attr in HISTORY_WRITES["core.history"] and ast.unparse(receiver) == "history")
                or func.attr in HISTORY_WRITES["core.concurrency"]
            )
        else:
            flagged = isinstance(func, ast.Name) and func.id in imported
        if flagged:
            found.append((node.lineno, ast.unparse(func)))
    return found


def test_the_view_modules_are_found():
    names = {module_name(p) for p in view_modules()}
    assert {
        "partnerships.partnership_views",
        "partnerships.conversation_views",
        "wijkkompas.views",
        "agreements.views",
        "accounts.views",
    } <= names


@pytest.mark.parametrize(
    "source",
    [
        "def f(form):\n    form.save()",
        "def f(self):\n    self.object.delete()",
        "def f():\n    Need.objects.create(description='x')",
        "def f(pk):\n    User.objects.filter(pk=pk).update(language='en')",
        "def f(rows):\n    Activity.objects.bulk_create(rows)",
        "def f(obj, tracks):\n    obj.tracks.set(tracks)",
        "def f(obj, user):\n    history.record(obj, actor=user, action='update')",
        "def f(obj, user):\n    history.record_create(obj, actor=user, fields=[])",
        "from core.concurrency import bump_version\n\ndef f(obj):\n    bump_version(obj, 1)",
        "from core.history import record_create\n\ndef f(obj, user):\n    record_create(obj, actor=user, fields=[])",
    ],
)
def test_the_check_catches_a_direct_write(source):
    assert direct_writes(source), source


def test_the_check_lets_service_calls_through():
    source = (
        "from audit.services import record\n\n"
        "def f(self, form, seen):\n"
        "    record(self.request, 'export')  # the security log's own service\n"
        "    services.update_need(self.get_child(), actor=self.request.user, values=form.model_values())\n"
        "    seen.add(1)\n"
        "    messages.success(self.request, 'ok')\n"
    )
    assert direct_writes(source) == []


def test_views_write_only_through_services():
    offending, used = [], set()
    for path in view_modules():
        module = module_name(path)
        for line, call in direct_writes(path.read_text(encoding="utf-8")):
            if (module, call) in ALLOWED_CALLS:
                used.add((module, call))
            else:
                offending.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {call}(...)")
    assert not offending, "Views must write through a service (validate, save, history, one transaction):\n" + (
        "\n".join(offending)
    )
    assert used == set(ALLOWED_CALLS), f"allow-list entries no longer needed: {set(ALLOWED_CALLS) - used}"


def inherited_django_writes(cls) -> list[str]:
    """Methods `cls` runs from Django's generic views that save or delete a model."""
    found = []
    for method in ["form_valid", "delete", "post"]:
        for klass in cls.__mro__:
            if method not in vars(klass):
                continue
            source = inspect.getsource(vars(klass)[method])
            if klass.__module__.startswith("django.") and re.search(r"\.(save|delete)\(", source):
                found.append(f"{klass.__module__}.{klass.__qualname__}.{method}")
                break
            if f"super().{method}(" not in source:
                break  # this override does not hand on to the next class
    return found


def test_no_view_falls_through_to_a_django_method_that_saves():
    offending, used = [], set()
    for path in view_modules():
        module = importlib.import_module(module_name(path))
        for cls in vars(module).values():
            if not (inspect.isclass(cls) and issubclass(cls, View) and cls.__module__ == module.__name__):
                continue
            writes = inherited_django_writes(cls)
            name = f"{cls.__module__}.{cls.__qualname__}"
            if writes and name in ALLOWED_VIEWS:
                used.add(name)
            elif writes:
                offending.append(f"{name} runs {', '.join(writes)}")
    assert not offending, "Views must write through a service, not Django's generic save:\n" + "\n".join(offending)
    assert used == set(ALLOWED_VIEWS), f"allow-list entries no longer needed: {set(ALLOWED_VIEWS) - used}"


def test_the_class_check_catches_a_generic_update_view():
    class Direct(UpdateView):
        pass

    class ThroughSuper(UpdateView):
        def form_valid(self, form):
            return super().form_valid(form)

    assert inherited_django_writes(Direct) and inherited_django_writes(ThroughSuper)
