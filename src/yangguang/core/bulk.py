"""Inserting many rows at once, for the bulk paths (batches of case events, the audit
entries they write).

On PostgreSQL the rows go in with ``COPY … FROM STDIN`` (psycopg's C row formatter), the
primary keys drawn beforehand from the table's own sequence in one statement, so the
caller gets its objects back with their keys, as ``bulk_create`` would give them. That
is several times faster than ``bulk_create``'s ``INSERT … SELECT * FROM UNNEST(…)`` with
parameters quoted client-side. Triggers and constraints apply to ``COPY`` as to
``INSERT``. Elsewhere (SQLite) it is ``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections, models

#: field types whose Python value psycopg takes as it is (aware datetimes, Decimal, …)
_AS_IS = frozenset({
    "AutoField", "BigAutoField", "SmallAutoField", "BigIntegerField", "IntegerField",
    "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SmallIntegerField", "BooleanField", "CharField", "TextField", "SlugField",
    "DateTimeField", "DateField", "DecimalField", "ForeignKey", "OneToOneField",
})  # fmt: skip


def _as_is(field) -> bool:
    """Whether ``field``'s Python value goes to ``COPY`` as it is: a type of ``_AS_IS``
    whose conversions are Django's own (not a field that seals or otherwise converts its
    value, such as ``core.sealed.SealedCharField``)."""
    kind = field.get_internal_type()
    if kind not in _AS_IS:
        return False
    base = getattr(models, kind)
    return all(
        getattr(type(field), name) is getattr(base, name)
        for name in ("get_prep_value", "get_db_prep_value", "get_db_prep_save")
    )


def _getter(field, connection):
    """A function giving the value ``COPY`` writes for ``field`` of an object."""
    name = field.attname
    plain = _as_is(field) and not (
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    )
    if plain:
        return lambda obj: getattr(obj, name)
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)


def insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert unsaved ``objs`` of ``model`` (their keys filled in; related objects saved
    before are taken by their keys)."""
    if not objs:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs)
        return
    meta = model._meta
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_insert")
    pk = meta.pk
    missing = [obj for obj in objs if obj.pk is None]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(missing)],
            )
            for obj, (key,) in zip(missing, cursor.fetchall(), strict=True):
                obj.pk = key
        fields = list(meta.concrete_fields)
        columns = ", ".join(quote(f.column) for f in fields)
        sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        getters = [_getter(f, connection) for f in fields]
        # (raw psycopg: its errors are turned into Django's, IntegrityError and all)
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            write = copy.write_row
            for obj in objs:
                write([get(obj) for get in getters])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def copy_values(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Insert ``rows`` of values for the fields ``names`` (attribute names; the others
    take their database defaults, the key its sequence), without making model objects:
    for the many small rows of bulk work whose keys are not needed."""
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    fields = [meta.get_field(n) for n in names]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows]
        )
        return
    convert = [None if _as_is(f) else f.get_db_prep_save for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(sql) as copy,
    ):
        write = copy.write_row
        if not any(convert):
            for row in rows:
                write(row)
            return
        for row in rows:
            write([v if c is None else c(v, connection) for v, c in zip(row, convert, strict=True)])
