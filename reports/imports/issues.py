"""What an import reports back: problems by row and column, and the refusal that carries them."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ImportIssue:
    """One problem in a file: the spreadsheet row (None for the whole file), the column and what is wrong."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("Row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return _("Column %(column)s: %(message)s") % {"column": self.column, "message": self.message}
        return self.message


def sort_issues(issues: list[ImportIssue]) -> list[ImportIssue]:
    """File-level problems first, then by row, keeping each row's problems in the order found."""
    return sorted(issues, key=lambda issue: -1 if issue.row is None else issue.row)


class ImportRejected(ValidationError):
    """The file was refused as a whole: nothing was written. `issues` names every problem found."""

    def __init__(self, issues: list[ImportIssue]):
        self.issues = sort_issues(list(issues))
        super().__init__([str(issue) for issue in self.issues] or [_("The file was refused.")], code="import")


class StaleImportError(ValidationError):
    """The data changed between the preview and the confirmation: what would be written is not what was shown."""

    def __init__(self):
        super().__init__(
            _(
                "The figures changed since you looked at the preview (someone saved a report or imported "
                "another file). Nothing was imported. Check the new preview below and confirm again."
            ),
            code="stale",
        )
