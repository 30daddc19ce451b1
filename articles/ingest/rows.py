"""Plain SQL for the import's hot path, on the default database (SQLite or PostgreSQL).

The ORM spends a few tenths of a millisecond compiling each query, more than SQLite
takes to run it; a page costs a dozen or so queries, so the store step was most of an
import's time. Here an INSERT is compiled once per table and rows go in with
executemany (or one at a time with the new id back), lookups read only the columns they
need, and values still go through each field's own `get_db_prep_save` (plain strings and
integers skip it: it returns them unchanged), so rows are stored exactly as the ORM
would store them. Columns a row does not give get the field's default (and
`auto_now`/`auto_now_add` the current time), as a model instance would, so a field
added to a model later needs no change here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence, Sized

from django.db import connection
from django.db.models import Model
from django.db.models.fields import AutoFieldMixin, Field
from django.utils import timezone

_TEXT = {"CharField", "TextField", "SlugField"}
_INTEGER = {
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "ForeignKey",
    "OneToOneField",
}


def _plain_type(field: Field) -> type | None:
    """The Python type whose values `field` sends to the database unchanged."""
    kind = field.get_internal_type()
    return str if kind in _TEXT else int if kind in _INTEGER else bool if kind == "BooleanField" else None


def _preparer(field: Field) -> Callable[[object], object]:
    """value → what the database is sent, as the ORM would send it."""
    plain = _plain_type(field)

    def prepare(value):
        if value is None or type(value) is plain:
            return value
        return field.get_db_prep_save(value, connection)

    return prepare


_NOW = object()  # auto_now / auto_now_add: the time of the insert
_CALL = object()  # a callable default: called per row


def marks(values: Sized) -> str:
    return ", ".join(["%s"] * len(values))


def select(sql: str, params: Sequence = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def execute(sql: str, params: Sequence = ()) -> int:
    """Run a statement; the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


class Table:
    """One model's table: INSERT and UPDATE compiled once, values prepared per field."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self._fields: list[Field] | None = None
        self._sql: dict[tuple, str] = {}

    def __str__(self) -> str:
        return connection.ops.quote_name(self.model._meta.db_table)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def _setup(self) -> list[Field]:
        if self._fields is None:
            meta = self.model._meta
            self._fields = [
                f
                for f in meta.concrete_fields
                if not isinstance(f, AutoFieldMixin) and not getattr(f, "generated", False)
            ]
            self._prepare = {f.attname: _preparer(f) for f in self._fields}
            self._now = [f.attname for f in self._fields if getattr(f, "auto_now", False)]
            self._plan = []  # per column: attname, default (or _NOW / _CALL), plain type, field
            for f in self._fields:
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    default = _NOW
                elif f.has_default() and callable(f.default):
                    default = _CALL
                else:
                    default = f.get_default()
                self._plan.append((f.attname, default, _plain_type(f), f))
            qn = connection.ops.quote_name
            columns = ", ".join(qn(f.column) for f in self._fields)
            insert = f"INSERT INTO {self} ({columns}) VALUES ({marks(self._fields)})"
            self._sql["insert"] = insert
            self._sql["ignore"] = insert + " ON CONFLICT DO NOTHING"
            self._sql["returning"] = f"{insert} RETURNING {qn(meta.pk.column)}"
        return self._fields

    def prepare(self, attname: str) -> Callable[[object], object]:
        """The function that turns a value of this column into what the database holds
        (dates on SQLite are strings): for comparing values read back with raw SQL."""
        self._setup()
        return self._prepare[attname]

    def _params(self, values: dict, now) -> list:
        out = []
        get = values.get
        for name, default, plain, field in self._plan:
            value = get(name, default)
            if value is _NOW:
                value = now
            elif value is _CALL:
                value = field.get_default()
            if value is not None and type(value) is not plain:
                value = field.get_db_prep_save(value, connection)
            out.append(value)
        return out

    def _check(self, values: dict) -> None:
        unknown = set(values) - set(self._prepare)
        if unknown:
            raise ValueError(f"{self.model.__name__} has no column {', '.join(sorted(unknown))}")

    def insert_many(self, rows: Iterable[dict], *, ignore_conflicts: bool = False) -> None:
        """Insert rows (dicts of attname → value) with one executemany; with
        `ignore_conflicts`, rows that would break a unique constraint are skipped."""
        rows = list(rows)
        if not rows:
            return
        self._setup()
        for row in rows[:1]:
            self._check(row)
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.executemany(
                self._sql["ignore" if ignore_conflicts else "insert"], [self._params(r, now) for r in rows]
            )

    def insert(self, values: dict) -> int:
        """Insert one row; its primary key."""
        self._setup()
        self._check(values)
        params = self._params(values, timezone.now())
        with connection.cursor() as cursor:
            if connection.features.can_return_columns_from_insert:
                cursor.execute(self._sql["returning"], params)
                return cursor.fetchone()[0]
            cursor.execute(self._sql["insert"], params)
            meta = self.model._meta
            return connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)

    def update(self, values: dict, **where) -> int:
        """UPDATE the rows matching `where` (attname=value, all equal); `auto_now`
        columns are set too. The number of rows changed."""
        self._setup()
        self._check(values)
        values = dict(values)
        now = timezone.now()
        for name in self._now:
            values.setdefault(name, now)
        key = ("update", tuple(values), tuple(where))
        if key not in self._sql:
            qn = connection.ops.quote_name
            column = {f.attname: f.column for f in self.model._meta.concrete_fields}
            assignments = ", ".join(f"{qn(column[n])} = %s" for n in values)
            condition = " AND ".join(f"{qn(column[n])} = %s" for n in where)
            self._sql[key] = f"UPDATE {self} SET {assignments} WHERE {condition}"
        params = [self._prepare[n](v) for n, v in values.items()]
        params += [self._prepare[n](v) if n in self._prepare else v for n, v in where.items()]
        return execute(self._sql[key], params)


_tables: dict[type[Model], Table] = {}


def table(model: type[Model]) -> Table:
    if model not in _tables:
        _tables[model] = Table(model)
    return _tables[model]
