"""Fixtures shared with core's tests (a final version of a draft agreement)."""

from core.tests.conftest import final_version  # noqa: F401
