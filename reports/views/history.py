"""A report's history: every transition and change, who made it, when, and the comment."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from reports.selectors.history import report_history
from reports.views.lookup import report_target


@login_required
@require_safe
def report_history_view(request, plan, org, period):
    target = report_target(request.user, plan, org, period)
    if target.report is None:
        raise Http404
    return render(
        request,
        "reports/report_history.html",
        {"report": target.report, "period": target.period, "entries": report_history(target.report)},
    )
