"""`field__any=[...]`: the field equals one of the values, for the long lists of ids and codes that bulk
work looks up (an import of 20,000 rows asks for 20,000 units, then their reports).

`field__in` prepares a placeholder and a parameter per value in Python; on PostgreSQL `__any` sends the
whole list as one array (`= ANY(%s)`), which the database matches with the same index. Elsewhere it is
`IN (...)`: keep such lists in chunks (reports.imports.values_check.chunks) for SQLite's limit on parameters.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = self.rhs
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # a foreign key's lookups are its own: organization_id__any=[ids]
