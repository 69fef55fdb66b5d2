"""A reviewer above the unit decides: approve, return with a reason, or reopen with a reason.

Each is a POST to a service (permission-checked, audited, e-mailing the
unit's officers after commit); a refusal shows the report page again with the
reason that was typed and the service's message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports.forms import ReasonForm
from reports.services import StaleReportError, report_approve, report_reopen_for_period, report_return
from reports.views.filing import detail_context
from reports.views.lookup import ReportTarget, report_target


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # a form without its version is refused as stale, never applied blindly


def _back(target: ReportTarget):
    return redirect("report_detail", plan=target.plan.slug, org=target.organization.code, period=target.period.id)


def _refused(request, target: ReportTarget, error: ValidationError, **forms):
    """A stale form or a report that moved on: say why, on the report as it now is."""
    if isinstance(error, StaleReportError) or not hasattr(error, "error_dict"):
        messages.error(request, " ".join(error.messages))
        return _back(target)
    return render(request, "reports/report_detail.html", detail_context(request, target.refresh(), **forms))


@login_required
@require_POST
def report_approve_view(request, plan, org, period):
    target = report_target(request.user, plan, org, period)
    if target.report is None:
        return _back(target)
    try:
        report_approve(report=target.report, by=request.user, expected_version=_version(request))
    except ValidationError as error:
        return _refused(request, target, error)
    messages.success(request, _("Report approved."))
    return _back(target)


@login_required
@require_POST
def report_return_view(request, plan, org, period):
    target = report_target(request.user, plan, org, period)
    if target.report is None:
        return _back(target)
    form = ReasonForm(request.POST, prefix="return")
    form.is_valid()
    try:
        report_return(
            report=target.report,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
            expected_version=_version_of(form),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "reason" in error.error_dict:
            form.add_service_errors(error)
            context = detail_context(request, target.refresh(), return_form=form)
            return render(request, "reports/report_detail.html", context)
        return _refused(request, target, error)
    messages.success(request, _("Report returned to the unit with your reason."))
    return _back(target)


def _version_of(form: ReasonForm) -> int:
    version = form.cleaned_data.get("version") if hasattr(form, "cleaned_data") else None
    return -1 if version is None else version


@login_required
@require_POST
def report_reopen_view(request, plan, org, period):
    target = report_target(request.user, plan, org, period)
    form = ReasonForm(request.POST, prefix="reopen")
    form.is_valid()
    try:
        report_reopen_for_period(
            organization=target.organization,
            plan=target.plan,
            period=target.period,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "reason" in error.error_dict:
            form.add_service_errors(error)
            context = detail_context(request, target.refresh(), reopen_form=form)
            return render(request, "reports/report_detail.html", context)
        return _refused(request, target, error)
    messages.success(request, _("Report reopened for the unit."))
    return _back(target)
