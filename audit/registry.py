"""Which models django-auditlog follows, and which of their fields it leaves out.

Every model that holds the domain's data or that an administrator edits is followed: each save
that changes something, each creation and each deletion leaves a LogEntry with the actor and the
old and new values. Left out are fields that are secrets (password hashes), noise (a sign-in's
last_login, auto-updated timestamps), derived from other fields (a unit's path and depth, a
consolidated report's frozen figures, which its history records in its own way) or bulky (an
uploaded file's bytes). Models that are themselves records of something else (ReportEvent,
OrganizationMove, ReportReminder), caches rebuilt from the reports (ComplianceRollup, RollupState,
TreeRevision) and export jobs are not followed: they change nothing in the domain. Bulk writes (an
import, the demo data) leave one batch record instead of one per row (audit.services.record_batch).
"""

from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

# (model, fields left out, many-to-many fields followed)
NOISE_FIELDS = ("updated_at",)


def followed_models() -> list[tuple[type, tuple[str, ...], tuple[str, ...]]]:
    from plans.models import Indicator, IndicatorRule, Plan, PlanTask, RoadmapPhase, Target
    from reports.models import Report, ReportTaskAccount, ReportValue, StagedImport
    from unions.models import Membership, Organization

    return [
        (get_user_model(), ("password", "last_login"), ("groups", "user_permissions")),
        (Group, (), ("permissions",)),
        (Organization, ("path", "depth"), ()),
        (Membership, (), ()),
        (Plan, (), ()),
        (Indicator, (), ()),
        (IndicatorRule, (), ("parts",)),
        (Target, (), ()),
        (PlanTask, (), ()),
        (RoadmapPhase, (), ()),
        (Report, ("compiled",), ()),
        (ReportValue, (), ()),
        (ReportTaskAccount, (), ()),
        (StagedImport, ("content",), ()),
    ]


def register_models() -> None:
    for model, excluded, m2m in followed_models():
        if auditlog.contains(model):
            continue
        auditlog.register(model, exclude_fields=[*NOISE_FIELDS, *excluded], m2m_fields=set(m2m))
