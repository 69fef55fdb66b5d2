"""The dashboard's Excel summary: written during the request for a small subtree, or in the background
(with a status page that refreshes until the file is ready) for a big one. The same scoping as the
dashboard: a unit the user may not see the figures of is a 404."""

import tempfile

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from plans.models import Plan
from plans.periods import Period
from reports.dashboard import dashboard_unit
from reports.exports.jobs import STALE_AFTER, export_storage, is_stale, summary_export_start
from reports.exports.summary import XLSX_CONTENT_TYPE, expected_unit_count, summary_file_name, write_summary
from reports.models import SummaryExport, SummaryExportStatus


def _question(user, slug: str, code: str, period_text: str):
    """The plan, unit and period the user asks about, or a 404 when they may not see those figures."""
    plan = get_object_or_404(Plan.objects.visible_to(user).select_related("issuer"), slug=slug)
    unit = dashboard_unit(user, plan, code) if code else None
    if unit is None:
        raise Http404(_("You may not see this plan's figures for that unit."))
    try:
        period = Period.parse(period_text)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    if not plan.has_period(period):
        raise Http404(_("This plan has no such period."))
    return plan, unit, period


@login_required
@require_POST
def summary_export(request, slug):
    """The summary workbook of the dashboard's plan, unit (`org`) and period: the file itself for a small
    subtree, else a background job and its status page."""
    plan, unit, period = _question(request.user, slug, request.POST.get("org", ""), request.POST.get("period", ""))
    if expected_unit_count(plan=plan, organization=unit, period=period) > settings.EXPORT_BACKGROUND_UNITS:
        job = summary_export_start(by=request.user, plan=plan, organization=unit, period=period)
        return redirect("summary_export_status", token=job.token)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    write_summary(plan=plan, organization=unit, period=period, out=out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=summary_file_name(plan, unit, period), content_type=XLSX_CONTENT_TYPE
    )


def _job_for(request, token) -> SummaryExport:
    """The user's own job, for figures they may still see; anyone else's is a 404."""
    job = get_object_or_404(
        SummaryExport.objects.select_related("plan__issuer", "organization"), token=token, requested_by=request.user
    )
    _question(request.user, job.plan.slug, job.organization.code, job.period)
    return job


@require_safe
def summary_export_status(request, token):
    """Where a background export stands; htmx asks again every few seconds while it runs."""
    if not request.user.is_authenticated:
        login = redirect_to_login(request.get_full_path())
        if request.headers.get("HX-Request"):  # the session ended while the page was polling: reload it all
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login["Location"]
            return response
        return login
    job = _job_for(request, token)
    storage = export_storage()
    context = {
        "job": job,
        "file_missing": job.status == SummaryExportStatus.DONE and not storage.exists(job.file_name),
        "stale": is_stale(job),
        "stale_minutes": int(STALE_AFTER.total_seconds() // 60),
        "keep_hours": settings.EXPORT_KEEP_HOURS,
        "file_name": summary_file_name(job.plan, job.organization, job.period_obj),
    }
    if request.headers.get("HX-Request"):
        return render(request, "reports/exports/_status.html", context)
    return render(request, "reports/exports/status.html", context)


@login_required
@require_safe
def summary_export_download(request, token):
    """The finished workbook (its status page until then)."""
    job = _job_for(request, token)
    storage = export_storage()
    if job.status != SummaryExportStatus.DONE or not job.file_name or not storage.exists(job.file_name):
        return redirect("summary_export_status", token=job.token)
    return FileResponse(
        storage.open(job.file_name, "rb"),
        as_attachment=True,
        filename=summary_file_name(job.plan, job.organization, job.period_obj),
        content_type=XLSX_CONTENT_TYPE,
    )
