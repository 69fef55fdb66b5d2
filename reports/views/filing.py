"""An officer files the unit's report: the report page, the form (save a draft, submit), submit.

Every write goes through reports.services; a refusal shows the form again with
what was typed and the service's message on the field it names. A save from a
stale form (a second tab, a double click) is refused by the service; the page
then shows the report as it now is, with what this form had typed beside it.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reports.forms import ReasonForm, ReportForm
from reports.models import ReportStatus
from reports.selectors.consolidation import consolidation
from reports.selectors.sheet import ReportSheet, differs_from_sheet, report_actions
from reports.services import StaleReportError, report_save_for_period, report_submit
from reports.views.lookup import ReportTarget, report_target

SAVE, SUBMIT = "save", "submit"


def detail_context(request, target: ReportTarget, **extra) -> dict:
    sheet = target.sheet()
    context = {
        "sheet": sheet,
        "report": sheet.report,
        "actions": report_actions(request.user, sheet),
        "return_form": ReasonForm(prefix="return", initial={"version": sheet.version}),
        "reopen_form": ReasonForm(prefix="reopen"),
        "absent_form": ReasonForm(prefix="absent"),
        "consolidation": consolidation(
            plan=target.plan, organization=target.organization, period=target.period, report=target.report
        ),
        "reopen_days": settings.REPORT_REOPEN_DAYS,
    }
    context.update(extra)
    return context


@login_required
@require_safe
def report_detail(request, plan, org, period):
    """The report as it stands, with its dates, the previous period's figures and what the user may do."""
    target = report_target(request.user, plan, org, period)
    return render(request, "reports/report_detail.html", detail_context(request, target))


def _form_page(request, sheet: ReportSheet, form: ReportForm, *, status: int = 200):
    return render(
        request, "reports/report_form.html", {"sheet": sheet, "report": sheet.report, "form": form}, status=status
    )


def _refuse_edit(request, target: ReportTarget, sheet: ReportSheet):
    """Why the form is not offered, said on the report page."""
    actions = report_actions(request.user, sheet)
    if not actions.is_officer:
        raise PermissionDenied(_("Only an officer of %(unit)s can do this.") % {"unit": target.organization.name})
    if sheet.report is not None and not sheet.report.is_editable_status:
        messages.warning(
            request,
            _("This report is %(status)s and cannot be changed.")
            % {"status": sheet.report.get_status_display().lower()},
        )
    else:
        messages.warning(request, _("Entry for this period has closed. Ask a reviewer above your unit to reopen it."))
    return redirect("report_detail", plan=target.plan.slug, org=target.organization.code, period=target.period.id)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_edit(request, plan, org, period):
    """The report form. "Save draft" keeps anything valid, complete or not; "Submit" saves, then sends
    the report up if it is complete."""
    target = report_target(request.user, plan, org, period)
    sheet = target.sheet()
    actions = report_actions(request.user, sheet)
    if not actions.edit:
        if actions.is_officer and request.method == "POST" and _is_repeated_submit(request, sheet):
            messages.info(request, _("This report has already been submitted."))
            return redirect(sheet.report)
        return _refuse_edit(request, target, sheet)
    if request.method != "POST":
        return _form_page(request, sheet, ReportForm(ReportForm.data_from(sheet), sheet=sheet))

    form = ReportForm(request.POST, sheet=sheet)
    action = SUBMIT if request.POST.get("action") == SUBMIT else SAVE
    if not form.is_valid():
        return _form_page(request, sheet, form)
    refused = None
    try:
        # One transaction for the save and the submit; a refused submit rolls back to its savepoint
        # and leaves the saved draft.
        with transaction.atomic():
            report = report_save_for_period(
                organization=target.organization,
                plan=target.plan,
                period=target.period,
                by=request.user,
                values=form.values(),
                task_accounts=form.task_accounts(),
                narrative=form.narrative(),
                expected_version=form.cleaned_data["version"],
            )
            if action == SUBMIT:
                try:
                    report_submit(report=report, by=request.user, expected_version=report.version)
                except ValidationError as error:
                    refused = error
    except StaleReportError as error:
        return _stale(request, target, form, action, error)
    except ValidationError as error:
        form.add_service_errors(error)
        return _form_page(request, sheet, form)

    if action == SAVE:
        messages.success(request, _("Draft saved."))
        return redirect("report_edit", plan=target.plan.slug, org=target.organization.code, period=target.period.id)
    if refused is not None:
        error = refused
        # The draft is saved; show what keeps it from going up.
        sheet = target.refresh().sheet()
        data = request.POST.copy()
        data["version"] = str(sheet.version)
        form = ReportForm(data, sheet=sheet)
        form.is_valid()
        form.add_service_errors(error)
        messages.warning(request, _("Your draft is saved, but it cannot be submitted yet:"))
        return _form_page(request, sheet, form)
    messages.success(request, _("Report submitted. It now waits for the decision of the union above."))
    return redirect(report)


def _is_repeated_submit(request, sheet: ReportSheet) -> bool:
    """A second "Submit" of the same figures (a double click): the first one went through."""
    if request.POST.get("action") != SUBMIT or sheet.status != ReportStatus.SUBMITTED:
        return False
    form = ReportForm(request.POST, sheet=sheet)
    return not differs_from_sheet(
        sheet, values=form.values(), task_accounts=form.task_accounts(), narrative=form.narrative()
    )


def _stale(request, target: ReportTarget, form: ReportForm, action: str, error: StaleReportError):
    """The form was opened before someone else's save. A repeated click that sent the same thing
    again is not a conflict: say it is done. Otherwise show the report as it now is, with what
    this form had typed beside each changed figure, and save nothing."""
    sheet = target.refresh().sheet()
    same = not differs_from_sheet(
        sheet, values=form.values(), task_accounts=form.task_accounts(), narrative=form.narrative()
    )
    if same and action == SUBMIT and sheet.status == ReportStatus.SUBMITTED:
        messages.info(request, _("This report has already been submitted."))
        return redirect(sheet.report)
    if same and action == SAVE:
        messages.info(request, _("Draft saved."))
        return redirect("report_edit", plan=target.plan.slug, org=target.organization.code, period=target.period.id)
    if not report_actions(request.user, sheet).edit:
        messages.error(request, error.messages[0])
        return redirect(sheet.report)
    current = ReportForm(ReportForm.data_from(sheet), sheet=sheet)
    current.is_valid()
    current.add_error(None, error.messages[0])
    current.typed = form.typed_differences(sheet)
    return _form_page(request, sheet, current, status=409)


@login_required
@require_POST
def report_submit_view(request, plan, org, period):
    """Submit the report as it is stored (the button on the report page)."""
    target = report_target(request.user, plan, org, period)
    if target.report is None:
        messages.error(request, _("Fill in the report before you submit it."))
        return redirect("report_edit", plan=target.plan.slug, org=target.organization.code, period=target.period.id)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1  # a form without its version is refused as stale, never applied blindly
    try:
        report = report_submit(report=target.report, by=request.user, expected_version=version)
    except ValidationError as error:
        if getattr(error, "code", None) == "already_submitted":
            messages.info(request, _("This report has already been submitted."))
            return redirect(target.report)
        if isinstance(error, StaleReportError) or not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return redirect(target.report)
        sheet = target.refresh().sheet()
        form = ReportForm(ReportForm.data_from(sheet), sheet=sheet)
        form.is_valid()
        form.add_service_errors(error)
        messages.warning(request, _("The report cannot be submitted yet:"))
        if not report_actions(request.user, sheet).edit:
            return redirect(target.report)
        return _form_page(request, sheet, form)
    messages.success(request, _("Report submitted. It now waits for the decision of the union above."))
    return redirect(report)
