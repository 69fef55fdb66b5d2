"""Addresses of a unit's report for a plan and period: /reports/<plan>/<unit code>/<period>/...

The report is named by what it is about, not by a database id, so the address
is readable and exists (as an empty form) before the report does.
"""

from django.urls import path, register_converter

from reports.views import consolidation, documents, filing, history, review


class PeriodConverter:
    regex = r"\d{4}(?:S1)?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(PeriodConverter, "period")

PREFIX = "<slug:plan>/<str:org>/<period:period>/"

urlpatterns = [
    path(PREFIX, filing.report_detail, name="report_detail"),
    path(f"{PREFIX}edit/", filing.report_edit, name="report_edit"),
    path(f"{PREFIX}submit/", filing.report_submit_view, name="report_submit"),
    path(f"{PREFIX}approve/", review.report_approve_view, name="report_approve"),
    path(f"{PREFIX}return/", review.report_return_view, name="report_return"),
    path(f"{PREFIX}reopen/", review.report_reopen_view, name="report_reopen"),
    path(f"{PREFIX}history/", history.report_history_view, name="report_history"),
    path(f"{PREFIX}absent/", consolidation.report_mark_absent_view, name="report_mark_absent"),
    path(f"{PREFIX}document/", documents.report_document, name="report_document"),
    path(f"{PREFIX}document.docx", documents.report_document_docx, name="report_document_docx"),
]
