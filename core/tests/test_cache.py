"""core.cache: a cached value is recomputed after every kind of write to a table it read, and is never
taken from or put into the cache across uncommitted writes.

These tests commit for real (`transaction=True`): the version bump that matters for other workers
happens on commit."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction

from core import cache as vcache
from core.cache import cached, written_tables

# Transactional: each test starts with the migrations' reference data seeded again (conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)


def group_names():
    return sorted(Group.objects.values_list("name", flat=True))


def read(calls):
    def compute():
        calls.append(1)
        return group_names()

    return cached("test.groups", "all", compute)


def warm(calls):
    """The first computation learns the tables, the second stores; the third comes from the cache."""
    read(calls), read(calls)
    before = len(calls)
    value = read(calls)
    assert len(calls) == before, "the third read should come from the cache"
    return value


def test_written_tables_recognises_every_kind_of_write():
    assert written_tables('INSERT INTO "a_b" ("x") VALUES (1)') == {"a_b"}
    assert written_tables('UPDATE "a_b" SET "x" = 1') == {"a_b"}
    assert written_tables('INSERT OR IGNORE INTO "a_b" ("x") VALUES (1)') == {"a_b"}
    assert written_tables('DELETE FROM "a_b" WHERE 1') == {"a_b"}
    assert written_tables('TRUNCATE "a", "b" RESTART IDENTITY CASCADE;') == {"a", "b"}
    assert written_tables('SELECT * FROM "a_b"') == set()


def test_cached_until_a_save():
    calls = []
    Group.objects.create(name="a")
    assert warm(calls) == ["a"]
    Group.objects.create(name="b")  # Model.save
    assert read(calls) == ["a", "b"]


def test_queryset_update_invalidates():
    calls = []
    Group.objects.create(name="a")
    warm(calls)
    Group.objects.filter(name="a").update(name="z")  # no signals
    assert read(calls) == ["z"]


def test_bulk_create_and_bulk_update_invalidate():
    calls = []
    warm(calls)
    Group.objects.bulk_create([Group(name="x"), Group(name="y")])
    assert read(calls) == ["x", "y"]
    warm(calls)
    groups = list(Group.objects.order_by("name"))
    for group in groups:
        group.name = group.name.upper()
    Group.objects.bulk_update(groups, ["name"])
    assert read(calls) == ["X", "Y"]


def test_delete_and_queryset_delete_invalidate():
    calls = []
    group = Group.objects.create(name="a")
    Group.objects.create(name="b")
    warm(calls)
    group.delete()
    assert read(calls) == ["b"]
    warm(calls)
    Group.objects.all().delete()
    assert read(calls) == []


def test_m2m_change_invalidates_what_read_the_through_table():
    group = Group.objects.create(name="a")
    permission = Permission.objects.order_by("pk").first()

    def count():
        return cached("test.m2m", "a", lambda: Group.objects.filter(permissions__isnull=False).count())

    count(), count()
    assert count() == 0
    group.permissions.add(permission)
    assert count() == 1
    group.permissions.clear()
    assert count() == 0


def test_raw_sql_through_django_invalidates():
    calls = []
    Group.objects.create(name="a")
    warm(calls)
    with connection.cursor() as cursor:
        cursor.execute('UPDATE "auth_group" SET "name" = %s', ["raw"])
    assert read(calls) == ["raw"]


def test_write_in_a_transaction_bumps_again_on_commit():
    """A value computed by another worker while the write was not yet committed (here: stored under
    the token of the immediate bump) must not survive the commit."""
    calls = []
    Group.objects.create(name="a")
    warm(calls)
    with transaction.atomic():
        Group.objects.create(name="b")
        key = vcache._version_key(connection, "auth_group")
        token_inside = vcache.cache.get(key)
    assert vcache.cache.get(key) != token_inside
    assert read(calls) == ["a", "b"]


def test_no_caching_across_uncommitted_writes_and_rollback_leaves_nothing_behind():
    calls = []
    Group.objects.create(name="a")
    warm(calls)
    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.create(name="b")
        before = len(calls)
        assert read(calls) == ["a", "b"]  # its own write, computed, not cached
        assert read(calls) == ["a", "b"]
        assert len(calls) == before + 2
        raise RuntimeError
    assert read(calls) == ["a"]
    warm(calls)  # and caching works again after the rollback


def test_other_tables_do_not_invalidate():
    calls = []
    Group.objects.create(name="a")
    warm(calls)
    before = len(calls)
    Permission.objects.filter(pk=-1).update(name="x")
    read(calls)
    assert len(calls) == before


def test_a_lost_version_token_means_recompute():
    calls = []
    Group.objects.create(name="a")
    warm(calls)
    vcache.cache.delete(vcache._version_key(connection, "auth_group"))
    before = len(calls)
    read(calls)
    assert len(calls) == before + 1


def test_a_value_built_from_another_cached_value_depends_on_its_tables():
    Group.objects.create(name="a")
    inner_calls = []

    def outer():
        # Reads a table of its own too, so it is stored; the groups come from the inner value.
        return cached("test.outer", "x", lambda: [*read(inner_calls), Permission.objects.exists()])

    warm(inner_calls)  # the inner value comes from the cache while the outer one is computed
    outer(), outer()
    assert outer() == ["a", True]
    Group.objects.create(name="b")
    assert outer() == ["a", "b", True]
