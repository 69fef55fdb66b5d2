"""The demo: a plausible tree under the seed plans' issuers, users for every role, and several
years of reports in every status (some late, some missing). Deterministic and idempotent:
a second run finds everything in place and changes nothing.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from audit.services import record_batch
from plans.models import Plan
from plans.selectors import plan_structure
from plans.services import organization_ensure, seed_plans
from reports.compliance import rollups
from reports.deadlines import entry_is_open
from reports.models import Report, ReportAction, ReportEvent, ReportStatus, ReportTaskAccount, ReportValue
from reports.synthetic import ValueMaker, draw_status
from reports.values import applicable_indicators
from unions.models import Organization, OrganizationKind, Role
from unions.services import membership_grant, organization_close, organization_move

DEMO_PASSWORD = "ChiTieu@2025"
SEED = 20251

HCM_SCHOOLS = [
    "Trường THPT Lê Quý Đôn",
    "Trường THPT Nguyễn Thị Minh Khai",
    "Trường THPT chuyên Trần Đại Nghĩa",
    "Trường THPT Gia Định",
    "Trường THPT Nguyễn Thượng Hiền",
    "Trường THPT Marie Curie",
    "Trường THPT Bùi Thị Xuân",
    "Trường THPT chuyên Lê Hồng Phong",
    "Trường THPT Nguyễn Du",
    "Trường THPT Võ Thị Sáu",
    "Trường THPT Trưng Vương",
    "Trường THPT Hùng Vương",
    "Trường THPT Nguyễn Hữu Huân",
    "Trường THPT Phú Nhuận",
    "Trường THPT Thủ Đức",
    "Trường THPT Nguyễn Trãi",
    "Trường THPT Lương Thế Vinh",
    "Trường THPT Nguyễn Khuyến",
    "Trường THPT Tân Bình",
    "Trường THPT Bình Chánh",
    "Trường THPT Củ Chi",
    "Trường THPT Cần Giờ",
    "Trường THPT Nhà Bè",
    "Trường THPT Hóc Môn",
    "Trường Cao đẳng Kỹ thuật Cao Thắng",
    "Trường Cao đẳng Kinh tế Thành phố",
    "Trường Phổ thông Đặc biệt Nguyễn Đình Chiểu",
    "Trung tâm Giáo dục thường xuyên Thành phố",
    "Trường THPT Năng khiếu Thể dục Thể thao",
    "Trường THPT Ten Lơ Man",
]

BD_UPPER = [
    ("BD-QN", "Liên đoàn Lao động thành phố Quy Nhơn", OrganizationKind.DISTRICT),
    ("BD-AN", "Liên đoàn Lao động thị xã An Nhơn", OrganizationKind.DISTRICT),
    ("BD-TP", "Liên đoàn Lao động huyện Tuy Phước", OrganizationKind.DISTRICT),
    ("BD-PC", "Liên đoàn Lao động huyện Phù Cát", OrganizationKind.DISTRICT),
    ("BD-GD", "Công đoàn ngành Giáo dục tỉnh Bình Định", OrganizationKind.SECTOR),
    ("BD-KCN", "Công đoàn các Khu kinh tế - Khu công nghiệp tỉnh", OrganizationKind.INDUSTRIAL_ZONE),
]

BD_GRASSROOTS = {
    "BD-QN": [
        "Công ty Cổ phần Cảng Quy Nhơn",
        "Công ty Cổ phần Dược - Trang thiết bị Y tế Bình Định",
        "Bệnh viện Đa khoa thành phố Quy Nhơn",
        "Công ty Cổ phần Khoáng sản Bình Định",
        "Ủy ban nhân dân phường Ghềnh Ráng",
        "Công ty TNHH Xây dựng Phú Tài",
        "Ngân hàng Nông nghiệp chi nhánh Quy Nhơn",
        "Công ty Điện lực Bình Định",
        "Công ty Cổ phần Cấp thoát nước Bình Định",
        "Trường Đại học Quy Nhơn",
        "Công ty Cổ phần Môi trường Bình Định",
        "Công ty TNHH Thủy sản Hải Vương",
        "Bưu điện tỉnh Bình Định",
        "Công ty Cổ phần Vận tải Biển Quy Nhơn",
        "Trường Cao đẳng Y tế Bình Định",
    ],
    "BD-AN": [
        "Công ty Cổ phần Gỗ Đông Hải",
        "Ủy ban nhân dân phường Bình Định",
        "Trung tâm Y tế thị xã An Nhơn",
        "Công ty TNHH May Nhơn Hòa",
        "Công ty Cổ phần Nông sản An Nhơn",
        "Hợp tác xã Nông nghiệp Nhơn Phong",
        "Công ty TNHH Mỹ nghệ Nhơn Hậu",
        "Trường THPT Hòa Bình",
        "Công ty TNHH Võ thuật Tây Sơn",
        "Trường Tiểu học Nhơn Thành",
    ],
    "BD-TP": [
        "Ủy ban nhân dân thị trấn Tuy Phước",
        "Công ty TNHH Chế biến Gỗ Tuy Phước",
        "Trung tâm Y tế huyện Tuy Phước",
        "Công ty Cổ phần Bia Sài Gòn - Quy Nhơn (nhà máy Phước Lộc)",
        "Trường THPT Số 1 Tuy Phước",
        "Công ty TNHH Giày da Phước An",
    ],
    "BD-PC": [
        "Ủy ban nhân dân thị trấn Ngô Mây",
        "Trung tâm Y tế huyện Phù Cát",
        "Công ty TNHH Chế biến Hải sản Đề Gi",
        "Công ty Cổ phần Đường Phù Cát",
        "Trường THPT Số 1 Phù Cát",
        "Công ty TNHH Mộc Cát Trinh",
    ],
    "BD-GD": [
        "Trường THPT chuyên Lê Quý Đôn Bình Định",
        "Trường THPT Quốc Học Quy Nhơn",
        "Trường THPT Trưng Vương Quy Nhơn",
        "Trường THPT Nguyễn Thái Học",
        "Trường THPT Trần Cao Vân",
        "Trường THPT Hùng Vương Bình Định",
        "Trường Cao đẳng Kỹ thuật Công nghệ Quy Nhơn",
        "Trường THPT Nguyễn Trân",
        "Trường THPT Tăng Bạt Hổ",
        "Trường THPT Số 2 An Nhơn",
        "Trường THCS Ngô Mây",
        "Trường Mầm non 1-6 Quy Nhơn",
    ],
    "BD-KCN": [
        "Công ty TNHH Quốc tế Hoàng Anh Gia Lai (Phú Tài)",
        "Công ty Cổ phần Tập đoàn Phú Tài",
        "Công ty TNHH Sản xuất Giày Bình Định",
        "Công ty Cổ phần Thủy sản Bình Định",
        "Công ty TNHH May Tiến Thuận",
        "Công ty TNHH Gỗ Đức Thành",
        "Công ty Cổ phần Nước khoáng Quy Nhơn",
        "Công ty TNHH Bao bì Nhơn Hội",
        "Công ty TNHH Điện gió Phương Mai",
        "Công ty Cổ phần Thức ăn chăn nuôi Nhơn Hội",
    ],
    "BD": [
        "Trung tâm Giáo dục nghề nghiệp Công đoàn Bình Định",
        "Văn phòng Liên đoàn Lao động tỉnh",
    ],
}

# Who the demo's people are: (username, full name, [(role, org code)]).
USERS = [
    ("ldld.binhdinh", "Trần Thị Hoa", [(Role.REVIEWER, "BD")]),
    ("xem.binhdinh", "Lê Văn Minh", [(Role.VIEWER, "BD")]),
    ("ldld.quynhon", "Phạm Quốc Tuấn", [(Role.REVIEWER, "BD-QN"), (Role.OFFICER, "BD-QN")]),
    ("cdcs.cangquynhon", "Nguyễn Thị Lan", [(Role.OFFICER, "BD-QN-01")]),
    ("cdcs.duocbinhdinh", "Võ Văn Hùng", [(Role.OFFICER, "BD-QN-02")]),
    ("ldld.annhon", "Đặng Thị Mai", [(Role.REVIEWER, "BD-AN")]),
    ("cdn.giaoduc", "Huỳnh Thanh Tâm", [(Role.REVIEWER, "HCM-GD"), (Role.OFFICER, "HCM-GD")]),
    ("ldld.hcm", "Nguyễn Văn Bình", [(Role.REVIEWER, "HCM"), (Role.OFFICER, "HCM")]),
    ("tld.vgcl", "Phan Thanh Hải", [(Role.REVIEWER, "VGCL"), (Role.OFFICER, "VGCL")]),
    ("truong.lequydon", "Lý Thị Thu", [(Role.OFFICER, "HCM-GD-01")]),
    ("truong.minhkhai", "Trương Văn Khoa", [(Role.OFFICER, "HCM-GD-02")]),
]


@dataclass
class DemoResult:
    organizations: int
    users: int
    reports: int


def _create_missing(spec: dict) -> None:
    """Create a demo unit unless it exists: a second run must not undo the demo's own moves."""
    if not Organization.objects.filter(code=spec["code"]).exists():
        organization_ensure(spec)


def _ensure_tree() -> None:
    for number, name in enumerate(HCM_SCHOOLS, start=1):
        _create_missing(
            {
                "code": f"HCM-GD-{number:02d}",
                "name": f"Công đoàn {name}",
                "kind": OrganizationKind.GRASSROOTS,
                "parent": "HCM-GD",
                "place": "Thành phố Hồ Chí Minh",
                # One school merged into another in 2021; one opened in 2021.
                "closed_on": datetime.date(2021, 7, 31) if number == 29 else None,
                "opened_on": datetime.date(2021, 9, 1) if number == 30 else None,
            }
        )
    for code, name, kind in BD_UPPER:
        _create_missing({"code": code, "name": name, "kind": kind, "parent": "BD", "place": "Bình Định"})
    for parent, names in BD_GRASSROOTS.items():
        for number, name in enumerate(names, start=1):
            code = f"{parent}-{number:02d}"
            _create_missing(
                {
                    "code": code,
                    "name": f"Công đoàn cơ sở {name}",
                    "kind": OrganizationKind.GRASSROOTS,
                    "parent": parent,
                    "place": "Bình Định",
                    "opened_on": datetime.date(2023, 3, 1) if code == "BD-KCN-08" else None,
                    "closed_on": datetime.date(2024, 12, 31) if code == "BD-PC-06" else None,
                }
            )
    # The 2025 restructuring: the Tuy Phước district federation closed and its units moved.
    tuy_phuoc = Organization.objects.get(code="BD-TP")
    if tuy_phuoc.closed_on is None:
        organization_close(organization=tuy_phuoc, closed_on=datetime.date(2025, 6, 30))
    quy_nhon = Organization.objects.get(code="BD-QN")
    for unit in Organization.objects.filter(parent=tuy_phuoc):
        organization_move(
            organization=unit,
            new_parent=quy_nhon,
            moved_on=datetime.date(2025, 7, 1),
            note="Sắp xếp tổ chức công đoàn cấp huyện năm 2025",
        )


def _ensure_users() -> int:
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "first_name": "Quản trị"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    for username, full_name, roles in USERS:
        last, _sep, first = full_name.rpartition(" ")
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.vn"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for role, code in roles:
            membership_grant(user=user, organization=Organization.objects.get(code=code), role=role)
    return len(USERS) + 1


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


RETURN_REASONS = [
    "Số đảng viên hoàn thành tốt nhiệm vụ chưa khớp với biên bản đánh giá; đề nghị kiểm tra lại.",
    "Thiếu phần đánh giá hạn chế, đề nghị bổ sung.",
    "Số đoàn viên được đào tạo nghề chưa có danh sách kèm theo, đề nghị bổ sung.",
]


def _reports_for_plan(plan: Plan, reviewers: dict, officers: dict) -> int:
    structure = plan_structure(plan)
    periods = plan.periods()
    units = list(Organization.objects.subtree_of(plan.issuer).filter(kind__in=plan.reporting_kinds).order_by("path"))
    existing = set(Report.objects.filter(plan=plan).values_list("organization_id", "period"))
    tasks = structure.reportable_tasks
    created = 0
    for unit in units:
        maker = ValueMaker(random.Random(f"{SEED}-{unit.code}"))
        for period in periods:
            # Each unit and period draws from its own stream, so a second run makes the same choices.
            rng = random.Random(f"{SEED}-{plan.slug}-{unit.code}-{period.id}")
            latest = period == periods[-1]
            status = draw_status(rng, latest)
            if status is None or (unit.pk, period.id) in existing:
                continue
            if not unit.is_open_during(period.start, period.end):
                continue
            due = plan.due_date(period)
            late = rng.random() < 0.15
            created_day = due - datetime.timedelta(days=rng.randint(10, 40))
            submitted_day = (
                due + datetime.timedelta(days=rng.randint(1, 20))
                if late
                else due - datetime.timedelta(days=rng.randint(0, 9))
            )
            report = Report.objects.create(
                organization=unit,
                plan=plan,
                period=period.id,
                status=status,
                created_at=_aware(created_day),
                results=f"Đã triển khai kế hoạch {plan.number or plan.slug} tại đơn vị; quán triệt tới đoàn viên.",
                shortcomings="Một số nội dung triển khai còn chậm." if rng.random() < 0.6 else "",
                proposals="Đề nghị công đoàn cấp trên tiếp tục hỗ trợ tài liệu tuyên truyền."
                if rng.random() < 0.5
                else "",
            )
            indicators = applicable_indicators(structure.indicators, unit.kind, period)
            figures = maker.figures([i.code for i in indicators], period.year, plan.first_year)
            rows = []
            for indicator in indicators:
                # A draft is still being filled in: some figures are not there yet.
                if indicator.code not in figures or (status == ReportStatus.DRAFT and rng.random() < 0.3):
                    continue
                number, choice = figures[indicator.code]
                rows.append(ReportValue(report=report, indicator=indicator, number=number, choice=choice))
            ReportValue.objects.bulk_create(rows)
            ReportTaskAccount.objects.bulk_create(
                [
                    ReportTaskAccount(
                        report=report, task=task, text=f"Đơn vị đã triển khai nội dung {task.number} theo kế hoạch."
                    )
                    for task in tasks
                    if rng.random() < 0.7
                ]
            )
            officer = officers.get(unit.pk)
            reviewer = reviewers.get(plan.pk)
            events = [
                ReportEvent(
                    report=report,
                    action=ReportAction.CREATED,
                    to_status=ReportStatus.DRAFT,
                    actor=officer,
                    at=_aware(created_day),
                )
            ]
            if status != ReportStatus.DRAFT:
                report.first_submitted_at = report.submitted_at = _aware(submitted_day, 15)
                report.is_late = submitted_day > due
                events.append(
                    ReportEvent(
                        report=report,
                        action=ReportAction.SUBMITTED,
                        from_status=ReportStatus.DRAFT,
                        to_status=ReportStatus.SUBMITTED,
                        actor=officer,
                        at=report.submitted_at,
                    )
                )
            if status == ReportStatus.APPROVED:
                events.append(
                    ReportEvent(
                        report=report,
                        action=ReportAction.APPROVED,
                        from_status=ReportStatus.SUBMITTED,
                        to_status=ReportStatus.APPROVED,
                        actor=reviewer,
                        at=_aware(submitted_day + datetime.timedelta(days=3)),
                    )
                )
            if status == ReportStatus.RETURNED:
                report.return_reason = rng.choice(RETURN_REASONS)
                events.append(
                    ReportEvent(
                        report=report,
                        action=ReportAction.RETURNED,
                        from_status=ReportStatus.SUBMITTED,
                        to_status=ReportStatus.RETURNED,
                        actor=reviewer,
                        comment=report.return_reason,
                        at=_aware(submitted_day + datetime.timedelta(days=2)),
                    )
                )
            report.version = len(events)
            report.save()
            ReportEvent.objects.bulk_create(events)
            created += 1
    return created


@transaction.atomic
def seed_demo() -> DemoResult:
    plans = seed_plans()
    _ensure_tree()
    users = _ensure_users()
    User = get_user_model()
    officers = {}
    for username, _name, roles in USERS:
        for role, code in roles:
            if role == Role.OFFICER:
                officers[Organization.objects.get(code=code).pk] = User.objects.get(username=username)
    reviewers = {
        plan.pk: User.objects.get(username="cdn.giaoduc" if plan.slug == "hcm-edu-1712" else "ldld.binhdinh")
        for plan in plans
    }
    reports = sum(_reports_for_plan(plan, reviewers, officers) for plan in plans)
    _reopen_for_demo_officers(plans)
    from reports.demo_chain import ensure_chain

    ensure_chain()
    for plan in Plan.objects.all():  # the seed plans and the demo's chain of plans
        if not rollups.is_fresh(plan):
            rollups.build(plan)
    if reports:
        # The reports' figures and histories are written with bulk_create, unseen by auditlog.
        record_batch(
            subject=Report,
            kind="demo_data",
            label=gettext("Demo reports generated"),
            details={"reports": reports, "plans": [plan.slug for plan in plans]},
        )
    return DemoResult(organizations=Organization.objects.count(), users=users, reports=reports)


# Who reopens the demo officers' latest reports: the reviewer directly above each unit.
DEMO_REOPENERS = {
    "BD-QN-01": "ldld.quynhon",
    "BD-QN-02": "ldld.quynhon",
    "BD-QN": "ldld.binhdinh",
    "HCM-GD-01": "cdn.giaoduc",
    "HCM-GD-02": "cdn.giaoduc",
    "HCM-GD": "ldld.hcm",
}
DEMO_REOPEN_REASON = "Gia hạn nhập số liệu để dùng thử Chỉ tiêu với dữ liệu mẫu."


def _reopen_for_demo_officers(plans: list[Plan]) -> None:
    """The seed plans ended in 2023 and 2025, so every entry window has closed by now. So that a
    demo officer has something to file, their unit's latest report is reopened by the reviewer above
    (through the audited service), unless it is awaiting review or still reopened from an earlier run."""
    from reports.services import report_reopen_for_period

    User = get_user_model()
    today = timezone.localdate()
    for code, reviewer in DEMO_REOPENERS.items():
        unit = Organization.objects.get(code=code)
        for plan in plans:
            if not plan.reports_kind(unit.kind) or not unit.is_in_subtree_of(plan.issuer):
                continue
            period = plan.periods()[-1]
            report = Report.objects.filter(organization=unit, plan=plan, period=period.id).first()
            if report and report.status == ReportStatus.SUBMITTED:
                continue
            if entry_is_open(plan, period, report.entry_extended_until if report else None, today):
                continue
            report_reopen_for_period(
                organization=unit,
                plan=plan,
                period=period,
                by=User.objects.get(username=reviewer),
                reason=DEMO_REOPEN_REASON,
            )
