"""A report as an official document: a printable page and a Word file, for whoever may see the report
(the same scoping as the report page: another branch's report is a 404)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from reports.documents import build_document, build_docx
from reports.selectors.consolidation import consolidation
from reports.views.lookup import ReportTarget, report_target

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _document(target: ReportTarget):
    sheet = target.sheet()
    compiled = consolidation(
        plan=target.plan, organization=target.organization, period=target.period, report=target.report
    )
    return sheet, build_document(sheet=sheet, consolidation=compiled, today=timezone.localdate())


@login_required
@require_safe
def report_document(request, plan, org, period):
    target = report_target(request.user, plan, org, period)
    sheet, document = _document(target)
    return render(request, "reports/document.html", {"sheet": sheet, "report": sheet.report, "document": document})


@login_required
@require_safe
def report_document_docx(request, plan, org, period):
    target = report_target(request.user, plan, org, period)
    _sheet, document = _document(target)
    response = HttpResponse(build_docx(document), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}.docx"'
    return response
