import pytest
from django.conf import settings
from django.core.management import call_command

from config.env import env
from core.testing import run_fresh


def run_check(**environ):
    """Start Django in a fresh process with the given environment; return (exit code, output)."""
    result = run_fresh(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **environ)
    return result.returncode, result.stdout + result.stderr


GOOD_KEY = "k8Jd2-sLq9Zx0pW3vBn7Ty4Hm1Rf6Gc5Ue8Io2Pa3Sd4Fg5Hj6Kl7Zx8Cv9Bn0M"


def test_production_refuses_to_start_without_a_secret_key():
    code, output = run_check(DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="wijkpartner.example.nl")
    assert code != 0
    assert "DJANGO_SECRET_KEY" in output


def test_production_refuses_to_start_without_allowed_hosts():
    code, output = run_check(DJANGO_ENV="production", DJANGO_SECRET_KEY=GOOD_KEY)
    assert code != 0
    assert "DJANGO_ALLOWED_HOSTS" in output


def test_production_with_real_settings_passes_the_deploy_check():
    code, output = run_check(
        DJANGO_ENV="production", DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS="wijkpartner.example.nl"
    )
    assert code == 0, output


def test_env_helper_casts_and_falls_back(monkeypatch):
    monkeypatch.setattr("config.env.DECLARATIONS", {})  # keep the real registry clean
    monkeypatch.setenv("WP_TEST_LIST", "a, b,,c")
    monkeypatch.setenv("WP_TEST_BOOL", "Yes")
    monkeypatch.setenv("WP_TEST_INT", "42")
    assert env("WP_TEST_LIST", [], "t", list) == ["a", "b", "c"]
    assert env("WP_TEST_BOOL", False, "t", bool) is True
    assert env("WP_TEST_INT", 1, "t", int) == 42
    assert env("WP_TEST_MISSING", "standaard", "t") == "standaard"


def test_configuration_docs_list_every_variable():
    # Fails when a variable was added without regenerating docs/configuration.md.
    call_command("configuration_docs", "--check")


def test_dutch_is_the_default_language():
    assert settings.LANGUAGE_CODE == "nl"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_translations_are_compiled_and_complete(language):
    import polib

    base = settings.BASE_DIR / "locale" / language / "LC_MESSAGES"
    po = polib.pofile(str(base / "django.po"))
    mo = polib.mofile(str(base / "django.mo"))
    if language == "nl":
        missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
        assert missing == [], f"untranslated Dutch strings: {missing[:10]}"
    assert {e.msgid for e in po.translated_entries()} == {e.msgid for e in mo if e.msgstr or e.msgstr_plural}, (
        "the .mo file is out of date: run make messages"
    )


def _shell(code, **environ):
    result = run_fresh(["manage.py", "shell", "-c", code], **environ)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after the shell's own notice of auto-imports


def test_the_cache_is_shared_between_processes_of_one_server(tmp_path):
    """The map's drawing is computed once per server, not once per gunicorn worker."""
    write = "from django.core.cache import cache; cache.set('k', 'from another process'); print('ok')"
    read = "from django.core.cache import cache; print(cache.get('k', 'missing'))"
    assert _shell(write, CACHE_DIR=str(tmp_path)) == "ok"
    assert _shell(read, CACHE_DIR=str(tmp_path)) == "from another process"
    # `memory`: a cache per process, which another process does not see.
    assert _shell(write, CACHE_DIR="memory") == "ok"
    assert _shell(read, CACHE_DIR="memory") == "missing"
