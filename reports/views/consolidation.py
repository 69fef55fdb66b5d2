"""A reviewer above marks a unit's report as not reported for a period (after its due date, with a
reason), so that the consolidated report above it can go up. A POST to the audited service; a refusal
shows the report page again with the reason typed and the service's message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports.forms import ReasonForm
from reports.services import report_mark_absent
from reports.views.filing import detail_context
from reports.views.lookup import report_target


@login_required
@require_POST
def report_mark_absent_view(request, plan, org, period):
    target = report_target(request.user, plan, org, period)
    form = ReasonForm(request.POST, prefix="absent")
    form.is_valid()
    try:
        report_mark_absent(
            organization=target.organization,
            plan=target.plan,
            period=target.period,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "reason" in error.error_dict:
            form.add_service_errors(error)
            context = detail_context(request, target.refresh(), absent_form=form)
            return render(request, "reports/report_detail.html", context, status=400)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is marked as not reported."))
    return redirect("report_detail", plan=target.plan.slug, org=target.organization.code, period=target.period.id)
