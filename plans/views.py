from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from plans.forms import ImplementPlanForm
from plans.models import Plan
from plans.selectors import implementing_plans, plan_structure, plans_implemented, units_without_implementing_plan
from plans.services import implementable_units, plan_implement

#: How many units without an implementing plan the plan page names before it only counts them.
UNITS_SHOWN = 60


@login_required
@require_safe
def plan_list(request):
    plans = Plan.objects.visible_to(request.user).select_related("issuer", "implements").order_by("-last_year", "slug")
    year = timezone.localdate().year
    return render(request, "plans/plan_list.html", {"plans": plans, "year": year})


@login_required
@require_safe
def plan_detail(request, slug):
    """The plan as its document reads, with its targets, tasks, roadmap and reporting calendar, and
    its place in the chain: the plans it implements, and those implementing it."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("issuer", "implements"), slug=slug)
    structure = plan_structure(plan)
    calendar = [{"period": period, "due": plan.due_date(period)} for period in plan.periods()]
    top_tasks = [task for task in structure.tasks if task.parent_id is None]
    subtasks = {}
    for task in structure.tasks:
        if task.parent_id:
            subtasks.setdefault(task.parent_id, []).append(task)
    tasks = [{"task": task, "subtasks": subtasks.get(task.pk, [])} for task in top_tasks]
    today = timezone.localdate()
    without = units_without_implementing_plan(plan, request.user, today)
    without_shown = list(without[: UNITS_SHOWN + 1])
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "structure": structure,
            "tasks": tasks,
            "roadmap": plan.roadmap.all(),
            "calendar": calendar,
            "chain_up": list(reversed(plans_implemented(plan, request.user))),
            "chain_down": implementing_plans(plan, request.user),
            "units_without": without_shown[:UNITS_SHOWN],
            "units_without_more": without.count() - UNITS_SHOWN if len(without_shown) > UNITS_SHOWN else 0,
            "can_implement": implementable_units(request.user, plan, today=today).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_implement_view(request, slug):
    """Build the unit's plan implementing this one: its targets kept or made stricter, never looser."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("issuer"), slug=slug)
    units = implementable_units(request.user, plan)
    if not units.exists():
        raise PermissionDenied(
            _("You have no unit below %(issuer)s without a plan implementing this one.") % {"issuer": plan.issuer.name}
        )
    if request.method != "POST":
        form = ImplementPlanForm(initial=ImplementPlanForm.initial_for(plan, units), plan=plan, units=units)
        return render(request, "plans/plan_implement.html", {"plan": plan, "form": form})
    form = ImplementPlanForm(request.POST, plan=plan, units=units)
    if form.is_valid():
        try:
            created = plan_implement(plan=plan, by=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The plan is created. Its units can now report on it."))
            return redirect("plan_detail", slug=created.slug)
    return render(request, "plans/plan_implement.html", {"plan": plan, "form": form}, status=400)
