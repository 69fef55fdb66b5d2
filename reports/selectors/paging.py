"""Counting long lists a page at a time without counting them whole.

A national reviewer's lists run to tens of thousands of units (80,000 units that have not reported, say):
an exact count of them costs more than the whole page around it. The dashboard's lists of units count up
to COUNT_LIMIT items (eight pages) and say "more than" beyond it: past that, a reviewer narrows the list
by opening a unit below, or downloads the Excel summary, which lists them all.
"""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_LIMIT = 200


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `limit` (the pages beyond it are not offered); `capped` says
    whether there are more. The count is one query that stops early (COUNT over a LIMIT)."""

    def __init__(self, object_list, per_page, *, limit: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = COUNT_LIMIT if limit is None else limit

    @cached_property
    def _counted(self) -> int:
        # Unordered: the database may stop at the limit wherever it finds the rows first.
        return self.object_list.order_by()[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)

    @property
    def capped(self) -> bool:
        return self._counted > self.limit
