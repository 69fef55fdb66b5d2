"""Compliance dashboards: the overview of every plan, and one plan at one unit and period with its
breakdown by child, trend, and the units behind the figures. Figures come from reports.compliance;
who may see what from reports.dashboard and unions.scoping (another unit's page is a 404)."""

import hashlib

from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from plans.models import Measure, Plan
from plans.periods import Period
from plans.selectors import plan_structure, plan_with_targets
from reports.compliance import (
    dashboard,
    dashboard_rows,
    default_period,
    targets_against,
    unit_share_targets,
    units_not_reported,
    values_against_targets,
)
from reports.compliance.engine import target_indicators
from reports.dashboard import dashboard_unit, dashboard_units, may_see_figures, overview_entries, way_up
from reports.models import ReportStatus, display_value
from reports.selectors.paging import CappedPaginator

LIST_PAGE_SIZE = 25


def report_url(plan, organization, period) -> str:
    """The page of a unit's report for the period (it exists, as an empty form, before the report does)."""
    return reverse("report_detail", kwargs={"plan": plan.slug, "org": organization.code, "period": period.id})


@login_required
@require_safe
def overview(request):
    """Every plan the user may read, with how many targets are met, coverage and what is overdue."""
    entries = overview_entries(request.user, timezone.localdate())
    return render(
        request,
        "reports/dashboard/overview.html",
        {
            "in_progress": [entry for entry in entries if entry.in_progress],
            "earlier": [entry for entry in entries if not entry.in_progress],
        },
    )


def _number(value):
    return None if value is None else float(value)


def _chart_data(breakdown, trend) -> dict:
    """What the charts draw (the tables on the page show the same figures without JavaScript)."""
    return {
        "targets": [
            {
                "code": result.target.code,
                "label": result.target.short_label,
                "value": _number(result.value),
                "threshold": _number(result.target.threshold),
                "comparator": result.target.get_comparator_display(),
                "status": result.status,
            }
            for result in breakdown.total.targets
        ],
        "trend": {
            "periods": [compliance.period.id for compliance in trend],
            "series": [
                {
                    "code": target.code,
                    "label": target.short_label,
                    "threshold": _number(target.threshold),
                    "values": [_number(compliance.targets[index].value) for compliance in trend],
                }
                for index, target in enumerate(plan_structure(breakdown.total.plan).targets)
            ],
        },
        "text": {
            "value": _("Value (%)"),
            "threshold": _("Threshold (%)"),
            "met": _("Met"),
            "not_met": _("Not met"),
            "no_data": _("No data"),
        },
    }


def _question(request, slug):
    """The plan, unit and period a dashboard request asks about, each checked against the user's scope
    (another union's unit is a 404)."""
    user = request.user
    plan = get_object_or_404(Plan.objects.visible_to(user).select_related("issuer"), slug=slug)
    code = request.GET.get("org")
    if code:
        unit = dashboard_unit(user, plan, code)
    else:
        units = dashboard_units(user, plan)
        unit = units[0] if units else None
    if unit is None:
        raise Http404(_("You may not see this plan's figures for that unit."))
    return plan, unit, _period(request, plan)


def _period(request, plan: Plan) -> Period:
    """The period asked for (`?period=`), or the latest one already due; a 404 for one the plan lacks."""
    try:
        period = Period.parse(request.GET["period"]) if request.GET.get("period") else None
    except ValueError as exc:
        raise Http404(str(exc)) from None
    period = period or default_period(plan, timezone.localdate())
    if not plan.has_period(period):
        raise Http404(_("This plan has no such period."))
    return period


@login_required
@require_safe
def plan_dashboard(request, slug):
    """One plan at one unit (`?org=CODE`, default the user's highest unit) and period (`?period=2024`,
    default the latest period already due). From the compliance rollups this is a fixed, small number
    of queries whatever the tree's size; the lists of units load separately (unit_lists)."""
    user = request.user
    plan = plan_with_targets(Plan.objects.visible_to(user), slug=slug)
    if plan is None:
        raise Http404
    period = _period(request, plan)
    code = request.GET.get("org")
    if code:
        asked = Q(code=code)
    else:
        units = dashboard_units(user, plan)
        if not units:
            raise Http404(_("You may not see this plan's figures for that unit."))
        asked = Q(pk=units[0].pk)
    try:
        leaf_page = max(1, int(request.GET.get("units", "1")))
    except ValueError:
        leaf_page = 1
    found = dashboard(plan=plan, unit=asked, period=period, leaf_page=leaf_page)
    if found is None or not may_see_figures(user, plan, found.unit):
        raise Http404(_("You may not see this plan's figures for that unit."))
    unit = found.unit
    unit._ancestors = found.ancestors
    return render(
        request,
        "reports/dashboard/plan.html",
        {
            "plan": plan,
            "unit": unit,
            "period": period,
            "periods": plan.periods(),
            "way_up": way_up(user, plan, unit),
            "figures": dashboard_figures(plan, period, found),
            # For whoever reads the page's context (tests); worked out only if read.
            "compliance": SimpleLazyObject(lambda: found.breakdown.total),
            "breakdown": SimpleLazyObject(lambda: found.breakdown.rows),
            "leaf_page": found.leaf_page,
        },
    )


def dashboard_figures(plan: Plan, period: Period, found) -> str:
    """The dashboard's figures as HTML (templates/reports/dashboard/_figures.html), kept in this process's
    "figures" cache under the digest of the rows they were made from, with everything else they show
    (the plan and its targets, the period, the page of units, the language). A change to any report,
    value, rollup or unit read changes the digest, so what is kept is never stale; figures counted
    without rollups (no digest) are not kept."""
    key = _figures_key(plan, period, found) if found.digest else None
    kept = caches["figures"].get(key) if key else None
    if kept is not None:
        return SafeString(kept)
    breakdown, trend = found.breakdown, found.trend
    targets = plan_structure(plan).targets
    html = render_to_string(
        "reports/dashboard/_figures.html",
        {
            "plan": plan,
            "unit": found.unit,
            "period": period,
            "compliance": breakdown.total,
            "breakdown": breakdown.rows,
            "trend": trend,
            "trend_rows": [
                {"target": target, "cells": [compliance.targets[index] for compliance in trend]}
                for index, target in enumerate(targets)
            ],
            "has_unit_share": any(target.measure == Measure.UNIT_SHARE for target in targets),
            "chart_data": _chart_data(breakdown, trend),
            "ratio": Measure.RATIO,
            "leaf_page": found.leaf_page,
            "leaf_page_size": dashboard_rows.LEAF_PAGE_SIZE,
        },
    )
    if key:
        caches["figures"].set(key, str(html))
    return html


def _figures_key(plan: Plan, period: Period, found) -> str:
    targets = plan_structure(plan).targets  # with their indicators, whose labels the cards show
    shown = (
        _fields(plan),
        [(_fields(target), *(_fields(indicator) for indicator in target_indicators(target))) for target in targets],
        period.id,
        found.unit.pk,
        found.leaf_page.number,
        get_language(),
        found.digest,
    )
    return "figures:" + hashlib.blake2b(repr(shown).encode(), digest_size=20).hexdigest()


def _fields(instance) -> tuple:
    return tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields)


@login_required
@require_safe
def unit_lists(request, slug):
    """The units behind a dashboard's figures: those that have not reported and those that do not meet
    a unit-share condition, paginated, each linking to its report. Loaded into the dashboard by htmx,
    and a page of its own without JavaScript."""
    plan, unit, period = _question(request, slug)
    missing_page = CappedPaginator(
        units_not_reported(plan=plan, organization=unit, period=period), LIST_PAGE_SIZE
    ).get_page(request.GET.get("missing"))
    missing = [
        {
            "unit": organization,
            "status": ReportStatus(organization.report_status).label if organization.report_status else None,
            "url": report_url(plan, organization, period),
        }
        for organization in missing_page
    ]
    share_targets = unit_share_targets(plan)
    against_page = CappedPaginator(
        values_against_targets(plan=plan, organization=unit, period=period), LIST_PAGE_SIZE
    ).get_page(request.GET.get("against"))
    against = [
        {
            "unit": row.report.organization,
            "indicator": row.indicator,
            "value": display_value(row.indicator, row.number, row.choice),
            "targets": targets_against(plan, row, share_targets),
            "url": report_url(plan, row.report.organization, period),
        }
        for row in against_page
    ]
    context = {
        "plan": plan,
        "unit": unit,
        "period": period,
        "missing": missing,
        "missing_page": missing_page,
        "against": against,
        "against_page": against_page,
        "has_unit_share": bool(share_targets),
    }
    template = (
        "reports/dashboard/_unit_lists.html"
        if request.headers.get("HX-Request")
        else "reports/dashboard/unit_lists.html"
    )
    return render(request, template, context)
