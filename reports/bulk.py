"""Fast inserts of many rows: PostgreSQL's COPY, or batched executemany elsewhere (SQLite).

An import of 20,000 reports writes about 200,000 values and 40,000 history events, the national
generator millions: building a Django model object per row (as bulk_create does) would cost more than
the database's own work. Rows are tuples in the order of `fields` (insert_rows) or dicts of attname to
value (insert_dicts); every column not given takes its field's default (auto dates: now), so a field
added to a model later is filled in too. Nothing here checks rules: callers write valid rows, inside
their own transaction.
"""

import contextlib
import datetime
import decimal
import gc
import itertools
import json
import operator
from collections.abc import Iterable, Iterator

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


#: Types whose str() is already their COPY text (bool is not among them: type(True) is bool).
_AS_STR = frozenset({int, float, decimal.Decimal})


def _copy_text(value) -> str:
    kind = type(value)  # the exact type first: most cells are ids, numbers and plain text
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if kind in _AS_STR:
        return str(value)
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return _copy_text(str(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


#: Rows turned into text per read: one join over many lines, not one string grown line by line.
_ROWS_PER_READ = 500


class _Lines:
    """A file-like object that COPY reads from, producing lines lazily."""

    def __init__(self, rows: Iterator[tuple]):
        self._rows = rows
        self._buffer = ""

    def read(self, size: int = -1) -> str:
        while size < 0 or len(self._buffer) < size:
            lines = ["\t".join(map(_copy_text, row)) for row in itertools.islice(self._rows, _ROWS_PER_READ)]
            if not lines:
                break
            lines.append("")
            self._buffer += "\n".join(lines)
        if size < 0 or len(self._buffer) <= size:
            chunk, self._buffer = self._buffer, ""
        else:
            chunk, self._buffer = self._buffer[:size], self._buffer[size:]
        return chunk

    readline = read


def _default(field: models.Field, now: datetime.datetime):
    """A column's default in its database form (a JSON column's default as JSON text)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    value = field.get_default()
    return json.dumps(value) if isinstance(field, models.JSONField) else value


def _adapt(value):
    """Values as the non-PostgreSQL backends store them (Django's own adapters)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def insert_rows(model: type[models.Model], fields: list[str], rows: Iterable[tuple], batch_size: int = 5000) -> int:
    """Insert the rows; return how many. Columns not named take their field's default.

    Call reset_sequences() afterwards when ids were explicit.
    """
    named = [model._meta.get_field(name) for name in fields]
    rest = [f for f in model._meta.concrete_fields if f not in named and not f.primary_key]
    columns = [f.column for f in named + rest]
    now = timezone.now()
    defaults = tuple(_default(f, now) for f in rest)
    as_json = [index for index, field in enumerate(named) if isinstance(field, models.JSONField)]
    if as_json:
        rows = (_json_columns(row, as_json) for row in rows)
    table = model._meta.db_table
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            yield row + defaults

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            # copy_expert is psycopg's own: wrap its errors as Django's (a dropped connection is then a
            # django.db.OperationalError, and the connection is marked as failed), as cursor.execute does.
            with connection.wrap_database_errors:
                # The read size goes by position: Django's debug cursor (DEBUG=1) passes only positional ones on.
                cursor.copy_expert(
                    f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN", _Lines(counted()), 1 << 16
                )
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"
            batch = []
            for row in counted():
                batch.append(tuple(_adapt(value) for value in row))
                if len(batch) >= batch_size:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    return count


#: JSON as text for COPY: letters as they are (Vietnamese), not as \\u escapes that COPY must then escape again.
_JSON = json.JSONEncoder(ensure_ascii=False)


def _json_columns(row: tuple, indexes: list[int]) -> tuple:
    values = list(row)
    for index in indexes:
        if values[index] is not None and not isinstance(values[index], str):
            values[index] = _JSON.encode(values[index])
    return tuple(values)


def insert_dicts(model: type[models.Model], rows: Iterable[dict]) -> int:
    """insert_rows for rows given as dicts (attname -> value), all with the same keys. A generator is
    read as it is written, never held whole (an import's 200,000 values)."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    fields = list(first)
    pick = operator.itemgetter(*fields)  # in C: a tuple of the values, in the order of `fields`
    as_tuple = pick if len(fields) > 1 else lambda row: (pick(row),)
    return insert_rows(model, fields, map(as_tuple, itertools.chain([first], rows)))


def update_json(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """Set JSON columns of many rows by primary key: rows are (pk, value of each field). One statement
    per 5,000 rows on PostgreSQL (the new values as arrays, joined by id), where bulk_update would build
    a CASE with a branch per row; executemany elsewhere. Returns how many rows were given."""
    rows = [(pk, *(json.dumps(value) for value in values)) for pk, *values in rows]
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [connection.ops.quote_name(model._meta.get_field(name).column) for name in fields]
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(["%s::bigint[]", *(["%s::text[]"] * len(columns))])
            names = ", ".join(["id", *(f"v{index}" for index in range(len(columns)))])
            sets = ", ".join(f"{column} = new.v{index}::jsonb" for index, column in enumerate(columns))
            sql = f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS new ({names}) WHERE {table}.{pk} = new.id"
            for start in range(0, len(rows), 5000):
                batch = rows[start : start + 5000]
                cursor.execute(sql, [list(column) for column in zip(*batch, strict=True)])
        else:
            sets = ", ".join(f"{column} = %s" for column in columns)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", [(*row[1:], row[0]) for row in rows])
    return len(rows)


def id_batch() -> int:
    """How many ids one statement takes: PostgreSQL gets them as one array (reports.lookups, `__any`), so
    a million ids are 50 statements, not 1,100; SQLite has a limit on parameters."""
    return 20_000 if connection.vendor == "postgresql" else 900


def delete_ids(model: type[models.Model], ids: list[int], batch_size: int | None = None) -> int:
    """Delete rows by primary key, one DELETE per batch, without loading them as objects or sending
    signals (QuerySet.delete() loads every row so that auditlog can write a record per row: 90,000 of
    them for an import that replaces the figures of 10,000 reports). For bulk writes whose audit is a
    batch record of their own, on a model that no other row points at. Returns how many were deleted."""
    batch_size = batch_size or id_batch()
    deleted = 0
    if connection.vendor == "postgresql":
        # The statement itself: a filter would have Django walk each of a million ids before sending them.
        table, pk = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(model._meta.pk.column)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), batch_size):
                cursor.execute(f"DELETE FROM {table} WHERE {pk} = ANY(%s)", [ids[start : start + batch_size]])
                deleted += cursor.rowcount
        return deleted
    for start in range(0, len(ids), batch_size):
        deleted += model.objects.filter(pk__any=ids[start : start + batch_size])._raw_delete(connection.alias)
    return deleted


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def reset_sequences(*model_list: type[models.Model]) -> None:
    """After inserts with explicit ids, make the next automatic id follow them (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cycle collector while a bulk job builds its objects (the rows of a 20,000-row file,
    their 180,000 values): as they pile up, each of its full passes walks them all again, a fifth of an
    import's time (docs/benchmarks.md). The pause is the whole process's (in an app server, its other
    threads' requests too), for the seconds a job lasts; reference counting still frees what is dropped. The
    collector resumes afterwards, also on an error, unless it was already paused."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
