"""A cache of computed values that is invalidated by every write to a table they were read from.

`cached(name, key, compute)` returns `compute()`, from the cache when none of the tables that
`compute` read has been written since the value was stored:

- **Versions per table.** Every table has a version token in the cache. A wrapper around every
  query of the `default` connection (`connection.execute_wrappers`, installed when a connection
  opens) sees each `INSERT`, `UPDATE`, `DELETE` and `TRUNCATE` and gives the tables it writes a new
  token: at once, and again when the transaction commits (`on_commit`), so a value computed by
  another process while the write was not yet visible cannot outlive the commit. Every write path
  is covered without a list to keep up to date: model saves and deletes, `QuerySet.update`,
  `bulk_create`, `bulk_update`, cascades, m2m changes, the admin, migrations and raw SQL through
  Django's connection. Writes by other programs (psql, a restore) are not seen: clear the cache
  after them (`manage.py clear_cache`).
- **Dependencies found, not declared.** While `compute` runs, the wrapper collects the tables its
  queries read (`FROM "x"`, `JOIN "y"`). The first computation only learns them; the value is
  stored from the second on, under the tokens read *before* computing, so a write that commits
  during the computation always changes a token the value is stored under.
- **Never across uncommitted writes.** While this connection holds writes that are not committed
  (inside `transaction.atomic`), `cached` computes without reading or storing, so nothing that may
  still be rolled back gets into the cache and a service sees its own writes.

The cache is Django's `default` cache (settings.CACHES): shared by the workers of one server, so
a write in one worker invalidates what the other stored. Keys carry the database's name, so two
databases (tests, the bench) never share entries.
"""

import hashlib
import re
import uuid
from contextlib import contextmanager

from django.contrib.auth.context_processors import PermWrapper
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# Part of every key: raise it when what is cached changes shape, so that a deploy never reads an
# entry written by the code before it.
FORMAT = 1
TIMEOUT = 24 * 3600  # entries and tokens; an evicted token only costs a recomputation
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?', re.IGNORECASE
)
_TRUNCATE = re.compile(r"^\s*TRUNCATE\b", re.IGNORECASE)
_NAME = re.compile(r'"(\w+)"')
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)
_MISSING = object()


def _prefix(connection) -> str:
    database = hashlib.sha1(str(connection.settings_dict.get("NAME")).encode()).hexdigest()[:12]
    return f"vc{FORMAT}:{database}"


def _version_key(connection, table: str) -> str:
    return f"{_prefix(connection)}:t:{table}"


def bump(tables, using: str = DEFAULT_DB_ALIAS) -> None:
    """Give `tables` new tokens (also for writes outside Django's connection, if ever needed)."""
    connection = connections[using]
    cache.set_many({_version_key(connection, t): uuid.uuid4().hex for t in tables}, TIMEOUT)


def written_tables(sql: str) -> set[str]:
    """The tables a statement writes, empty for a read."""
    match = _WRITE.match(sql)
    if match:
        return {match.group(1).split(".")[-1]}
    if _TRUNCATE.match(sql):
        head = re.split(r"\b(?:RESTART|CONTINUE|CASCADE|RESTRICT)\b", sql, maxsplit=1)[0]
        return set(_NAME.findall(head))
    return set()


class _Wrapper:
    """Installed on every connection: bumps written tables, and records the tables read while a
    `cached` computation runs."""

    def __init__(self, connection):
        self.connection = connection
        self.reading: list[set] = []  # one set per running computation
        self.dirty: set[str] = set()  # tables written in the current transaction
        self.pending: set[str] = set()  # the same, waiting for the commit

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not isinstance(sql, str):
            return result
        tables = written_tables(sql)
        if tables:
            self.written(tables)
        elif self.reading:
            read = set(_READ.findall(sql))
            for collected in self.reading:
                collected |= read
        return result

    def written(self, tables: set[str]) -> None:
        connection = self.connection
        if not connection.in_atomic_block:
            bump(tables, connection.alias)
            return
        if not self._registered():
            # The first write of this transaction (or the first after a rolled back savepoint
            # dropped the callback): what was recorded before was rolled back or committed.
            self.pending, self.dirty = set(), set()
            transaction.on_commit(self.committed, using=connection.alias)
        new = tables - self.dirty
        if new:
            self.dirty |= new
            bump(new, connection.alias)  # at once as well: this connection's later reads see them
        self.pending |= tables

    def _registered(self) -> bool:
        return any(entry[1] == self.committed for entry in self.connection.run_on_commit)

    def committed(self) -> None:
        tables, self.pending, self.dirty = self.pending, set(), set()
        if tables:
            bump(tables, self.connection.alias)

    def has_uncommitted_writes(self) -> bool:
        """True inside a transaction that wrote (its commit callback is still waiting)."""
        return self.connection.in_atomic_block and self._registered()


def _wrapper(connection) -> _Wrapper:
    for wrapper in connection.execute_wrappers:
        if isinstance(wrapper, _Wrapper):
            return wrapper
    wrapper = _Wrapper(connection)
    connection.execute_wrappers.append(wrapper)
    return wrapper


def install(sender=None, connection=None, **kwargs) -> None:
    """connection_created receiver (connected in CoreConfig.ready)."""
    _wrapper(connection)


@contextmanager
def _collecting(wrapper: _Wrapper):
    tables: set[str] = set()
    wrapper.reading.append(tables)
    try:
        yield tables
    finally:
        # By identity: two collectors may hold equal sets (list.remove compares by value).
        del wrapper.reading[next(i for i, t in enumerate(wrapper.reading) if t is tables)]


def _tokens(connection, tables) -> dict[str, str]:
    """The current token of each table; a table without one gets one."""
    keys = {_version_key(connection, t): t for t in tables}
    found = cache.get_many(list(keys))
    missing = {k: uuid.uuid4().hex for k in keys if k not in found}
    if missing:
        for key, token in missing.items():
            cache.add(key, token, TIMEOUT)
        found.update(cache.get_many(list(missing)))
    return {keys[k]: v for k, v in found.items()}


def cached(name: str, key, compute, using: str = DEFAULT_DB_ALIAS):
    """`compute()`, or its value from the cache while no table it read has been written since.

    `name` names what is cached, `key` (str or tuple of plain values) what it depends on besides the
    data: an area, a user's id, today's date. The value must pickle (plain data, or model instances)."""
    connection = connections[using]
    connection.ensure_connection()
    wrapper = _wrapper(connection)
    if wrapper.has_uncommitted_writes():
        return compute()
    entry_key = f"{_prefix(connection)}:e:{name}:{hashlib.sha1(repr(key).encode()).hexdigest()}"
    entry = cache.get(entry_key, _MISSING)
    known: tuple = ()
    if entry is not _MISSING:
        known, stored_tokens, value = entry
        if stored_tokens is not None and _tokens(connection, known) == stored_tokens:
            # Inside another `cached` computation: that value depends on these tables too.
            for collected in wrapper.reading:
                collected.update(known)
            return value
    # Tokens first, then the data: a write committed meanwhile changes one of these tokens.
    tokens = _tokens(connection, known) if known else None
    with _collecting(wrapper) as read:
        value = compute()
    if wrapper.has_uncommitted_writes():  # compute wrote something: nothing to keep
        return value
    if tokens is not None and read <= set(known):
        cache.set(entry_key, (known, tokens, value), TIMEOUT)
    else:  # first time, or it read other tables this time: learn them, store the value next time
        cache.set(entry_key, (tuple(sorted(read | set(known))), None, None), TIMEOUT)
    return value


def depends_on(*models, tables=(), using: str = DEFAULT_DB_ALIAS) -> None:
    """Inside a `cached` computation: the value also depends on these models' tables and `tables`
    (for what was read before the computation started and is passed into it)."""
    wrapper = _wrapper(connections[using])
    for collected in wrapper.reading:
        collected.update(model._meta.db_table for model in models)
        collected.update(tables)


@contextmanager
def reading(using: str = DEFAULT_DB_ALIAS):
    """Collects the tables read inside it (a `cached` value served from the cache counts with the
    tables it was computed from): for `depends_on(tables=...)` in a later computation."""
    with _collecting(_wrapper(connections[using])) as tables:
        yield tables


# Stands in for the CSRF token in HTML rendered for the cache; `with_csrf` puts the request's in.
CSRF_PLACEHOLDER = "csrf-token-of-this-request-5f0c1e"


def render(template_name: str, context: dict, *, forms: bool = False) -> str:
    """A template rendered to safe HTML for a `cached` value. Without a request: the HTML holds
    nothing of the person unless the context (and so the key) does; the active language must be
    part of the key. With `forms`, `{% csrf_token %}` renders a placeholder: show such HTML only
    through `with_csrf`."""
    if forms:
        context = {**context, "csrf_token": CSRF_PLACEHOLDER}
    return mark_safe(render_to_string(template_name, context))  # noqa: S308 (Django's own rendering)


def with_csrf(html: str, request) -> str:
    """Cached HTML rendered with `forms=True`, with this request's CSRF token (never another's)."""
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308


class _Counted:
    """Stands in for a list of `count` rows: what a Paginator needs to number the pages."""

    def __init__(self, count: int):
        self._count = count

    def __len__(self):
        return self._count

    def __getitem__(self, item):
        return []  # the rows come from the cache


class CachedPageMixin:
    """For a paginated ListView: the row count and the rows of the page shown are `cached`, keyed by
    the GET parameters and `page_cache_key()` (whatever else the queryset depends on: an area, the
    person's role). `prepare_rows(rows)` runs on the page's rows inside the computation (step
    progress, decisions), so what it reads is cached and invalidated too.

    The context gets `page_stamp`: an id of this computation of the rows, new whenever they are
    computed again. A template may cache the rows' HTML under it (`{% cache ... page_stamp %}`): the
    fragment is then valid exactly as long as the rows it shows."""

    page_cache_name = ""

    def page_cache_key(self):
        return ()

    def prepare_rows(self, rows: list) -> None:
        pass

    def paginate_queryset(self, queryset, page_size):
        params = tuple(sorted((k, tuple(self.request.GET.getlist(k))) for k in self.request.GET if k != "page"))
        number = self.request.GET.get(self.page_kwarg) or self.kwargs.get(self.page_kwarg) or 1
        key = (self.request.path, params, str(number), self.page_cache_key())

        def compute():
            paginator, page, rows, _paginated = super(CachedPageMixin, self).paginate_queryset(queryset, page_size)
            rows = list(rows)
            self.prepare_rows(rows)
            return paginator.count, page.number, rows, uuid.uuid4().hex

        count, number, rows, self.page_stamp = cached(self.page_cache_name or type(self).__name__, key, compute)
        paginator = self.get_paginator(
            _Counted(count), page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=True
        )
        page = paginator.page(number)
        page.object_list = rows
        return paginator, page, rows, paginator.num_pages > 1

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_stamp"] = getattr(self, "page_stamp", "")
        return context


class CachedBodyMixin:
    """For a page whose content block depends on the data and on who looks only through their role
    (and, for someone not on the staff, their person): `get` renders `body_template` with the view's
    context and caches that HTML (`cached`, so until a table it read is written), keyed by the path
    with its GET parameters, the role, a coordinator's person (staff share by role), the language and
    `body_cache_key()` (e.g. the current minute where the page depends on the time). The page's own
    template shows `body_html`; `outer_context()` gives what it needs around it (a title). Forms in
    the body get this request's CSRF token (`render(..., forms=True)`, `with_csrf`). Objects read
    before `get` (for the permission check) are named in `body_depends_on`."""

    body_template = ""
    body_depends_on: tuple = ()

    def body_cache_key(self):
        return ()

    def outer_context(self) -> dict:
        return {}

    def body_depends_on_tables(self):
        """Tables read before the computation (collected with `reading()`), e.g. by a `cached`
        value loaded for the permission check."""
        return ()

    def get(self, request, *args, **kwargs):
        user = request.user
        params = tuple(sorted((k, tuple(request.GET.getlist(k))) for k in request.GET))
        person = user.pk if getattr(user, "is_coordinator", True) else None  # staff: by role
        key = (request.path, params, user.role, person, get_language(), self.body_cache_key())

        def compute():
            depends_on(*self.body_depends_on, tables=self.body_depends_on_tables())
            response = super(CachedBodyMixin, self).get(request, *args, **kwargs)
            # `user` and `perms` for what depends on the role (or, for a coordinator, the person),
            # `path` for links back: all parts of the key.
            extra = {"user": user, "perms": PermWrapper(user), "path": request.path}
            return render(self.body_template, {**response.context_data, **extra}, forms=True)

        html = cached(type(self).__name__, key, compute)
        self.object_list = []  # a ListView picks its template names by it
        return self.render_to_response({**self.outer_context(), "body_html": with_csrf(html, request)})
