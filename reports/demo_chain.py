"""The demo's chain of plans and the reports that go back up it (issue 8), all through the services.

Plans cascade down: VGCL's scheme 1712/ĐA-TLĐ (11/11/2019) -> the city federation's Kế hoạch
26/KH-LĐLĐ (20/5/2020) -> the education sector union's plan hcm-edu-1712 (a seed plan, whose
`implements` is set here) -> one school's own plan, built by its officer with `plan_implement`.

Reports go up, one consolidated report at each level, for 2022: the school's report on the sector plan,
approved by the sector union; the sector union's consolidated report, approved by the city federation;
the city federation's consolidated report on its plan, approved by VGCL; VGCL's consolidated report on
its scheme, approved by a site admin (nobody is above VGCL). In Bình Định, Quy Nhơn's consolidated
report for 2024, approved by the provincial federation (the issuer of binhdinh-130). Reports of the
units below that are not approved are approved when submitted, else marked as not reported.

Idempotent: a report already approved with its figures compiled is left as it is.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from plans.models import Plan
from plans.periods import Period
from plans.services import plan_definition, plan_implement, plan_load
from reports.deadlines import entry_is_open
from reports.models import Report, ReportStatus
from reports.selectors.consolidation import child_reports, is_consolidated
from reports.services import (
    report_approve,
    report_mark_absent,
    report_reopen,
    report_reopen_for_period,
    report_return,
    report_save_for_period,
    report_submit,
)
from unions.models import Organization, OrganizationKind

SCHEME = "vgcl-1712"
CITY_PLAN = "hcm-26-1712"
SCHOOL_PLAN = "hcm-gd-01-1712"
CHAIN_PERIOD = Period(2022)
DEMO_ABSENT_REASON = "Đơn vị không gửi báo cáo; cấp trên xác nhận để tổng hợp (dữ liệu mẫu)."
DEMO_REDO_REASON = "Tổng hợp lại báo cáo theo số liệu các đơn vị trực thuộc đã được duyệt (dữ liệu mẫu)."

SCHEME_HEADER = {
    "slug": SCHEME,
    "issuer": "VGCL",
    "number": "1712/ĐA-TLĐ",
    "issued_on": "2019-11-11",
    "title": (
        "Đề án “Công đoàn tham gia với người sử dụng lao động nâng cao chất lượng nguồn nhân lực, góp phần "
        "nâng cao năng suất lao động” giai đoạn 2019 - 2023"
    ),
    "basis": "",
    "implements": None,
    "first_year": 2019,
    "last_year": 2023,
    "reporting_kinds": [OrganizationKind.CONFEDERATION, OrganizationKind.FEDERATION],
    "report_to": "",
    "implementation": "",
    "signer_title": "TM. ĐOÀN CHỦ TỊCH\nCHỦ TỊCH",
    "signer_name": "",
    "recipients": "Các LĐLĐ tỉnh, thành phố, công đoàn ngành trung ương “để th/hiện”;\nLưu: VT.",
}
CITY_HEADER = {
    "slug": CITY_PLAN,
    "issuer": "HCM",
    "number": "26/KH-LĐLĐ",
    "issued_on": "2020-05-20",
    "title": (
        "Thực hiện Đề án số 1712/ĐA-TLĐ ngày 11/11/2019 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam "
        "về Công đoàn tham gia với người sử dụng lao động nâng cao chất lượng nguồn nhân lực, góp phần nâng "
        "cao năng suất lao động giai đoạn 2019 - 2023"
    ),
    "basis": (
        "Căn cứ Đề án số 1712/ĐA-TLĐ ngày 11/11/2019 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam về "
        "Công đoàn tham gia với người sử dụng lao động nâng cao chất lượng nguồn nhân lực, góp phần nâng cao "
        "năng suất lao động giai đoạn 2019-2023."
    ),
    "implements": SCHEME,
    "first_year": 2020,
    "last_year": 2023,
    "reporting_kinds": [OrganizationKind.FEDERATION, OrganizationKind.SECTOR],
    "report_to": "",
    "implementation": "",
    "signer_title": "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH",
    "signer_name": "",
    "recipients": "Đoàn Chủ tịch Tổng LĐLĐ Việt Nam “để b/c”;\nCác công đoàn ngành, LĐLĐ quận, huyện “để th/hiện”;\n"
    "Lưu: VT.",
}


def _user(username: str):
    return get_user_model().objects.get(username=username)


def ensure_plans() -> dict[str, Plan]:
    """The scheme and the city plan, built from the sector plan's indicators, targets and tasks (which
    it copied from them), the sector plan linked to the city plan, and one school's own plan."""
    sector = Plan.objects.get(slug="hcm-edu-1712")
    base = plan_definition(sector)
    scheme = plan_load({**base, **SCHEME_HEADER})
    city = plan_load({**base, **CITY_HEADER})
    if sector.implements_id != city.pk:
        plan_load({**plan_definition(sector), "implements": CITY_PLAN})
    school_plan = Plan.objects.filter(slug=SCHOOL_PLAN).first()
    if school_plan is None:
        school = Organization.objects.get(code="HCM-GD-01")
        school_plan = plan_implement(
            plan=sector,
            organization=school,
            by=_user("truong.lequydon"),
            slug=SCHOOL_PLAN,
            number="05/KH-CĐCS",
            issued_on=datetime.date(2020, 9, 15),
            title=f"Kế hoạch thực hiện Đề án 1712/ĐA-TLĐ tại {school.name} giai đoạn 2020 - 2023",
            basis=(
                "Căn cứ Kế hoạch của Ban Thường vụ Công đoàn ngành Giáo dục Thành phố thực hiện Đề án số "
                "1712/ĐA-TLĐ ngày 11/11/2019 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam."
            ),
            first_year=2020,
            last_year=2023,
            # The school aims higher than the sector: every new agreement with the training clause.
            targets={"CT3": {"comparator": ">=", "threshold": "100"}},
        )
    return {"scheme": scheme, "city": city, "sector": sector, "school": school_plan}


def _decide_children(plan: Plan, unit: Organization, period: Period, reviewer) -> None:
    """Approve the submitted reports below; mark the others as not reported."""
    for child in child_reports(plan=plan, organization=unit, period=period):
        if child.is_ready:
            continue
        if child.status == ReportStatus.SUBMITTED:
            report_approve(report=child.report, by=reviewer)
        else:
            report_mark_absent(
                organization=child.organization, plan=plan, period=period, by=reviewer, reason=DEMO_ABSENT_REASON
            )


def _open_for_filing(plan: Plan, unit: Organization, period: Period, approver) -> None:
    """Bring the unit's report back to its officer, through the reviewer above, if it is not editable."""
    report = Report.objects.filter(organization=unit, plan=plan, period=period.id).first()
    today = timezone.localdate()
    if report is None:
        if not entry_is_open(plan, period, None, today):
            report_reopen_for_period(organization=unit, plan=plan, period=period, by=approver, reason=DEMO_REDO_REASON)
        return
    if report.status == ReportStatus.SUBMITTED:
        report = report_return(report=report, by=approver, reason=DEMO_REDO_REASON)
    elif report.status in (ReportStatus.APPROVED, ReportStatus.ABSENT):
        report = report_reopen(report=report, by=approver, reason=DEMO_REDO_REASON)
    if not entry_is_open(plan, period, report.entry_extended_until, today):
        report_reopen(report=report, by=approver, reason=DEMO_REDO_REASON)


def file_up(
    *, plan: Plan, code: str, period: Period, officer: str, approver: str, children_reviewer: str | None, values: dict,
    results: str,
) -> Report:  # fmt: skip
    """The unit's report for the period, approved by the level above; for a consolidated report, the
    reports below decided first."""
    unit = Organization.objects.get(code=code)
    report = Report.objects.filter(organization=unit, plan=plan, period=period.id).first()
    consolidated = is_consolidated(plan=plan, organization=unit, period=period)
    if report is not None and report.status == ReportStatus.APPROVED and (report.compiled or not consolidated):
        return report
    if consolidated:
        _decide_children(plan, unit, period, _user(children_reviewer))
    _open_for_filing(plan, unit, period, _user(approver))
    by = _user(officer)
    report = report_save_for_period(
        organization=unit,
        plan=plan,
        period=period,
        by=by,
        values=values,
        narrative={
            "results": results,
            "shortcomings": "Một số đơn vị gửi báo cáo chậm so với thời hạn.",
            "proposals": "Đề nghị cấp trên tiếp tục hướng dẫn, hỗ trợ tài liệu tuyên truyền.",
        },
    )
    report = report_submit(report=report, by=by)
    return report_approve(report=report, by=_user(approver))


def ensure_chain() -> None:
    plans = ensure_plans()
    propagated = {"propagated": "1"}
    file_up(
        plan=plans["sector"], code="HCM-GD-01", period=CHAIN_PERIOD, officer="truong.lequydon",
        approver="cdn.giaoduc", children_reviewer=None,
        values={**propagated, "hr_activities": "4", "cla_new": "1", "cla_new_training": "1"},
        results="Nhà trường phối hợp tổ chức 4 hoạt động bồi dưỡng chuyên môn; ký mới thỏa ước có điều khoản đào tạo.",
    )  # fmt: skip
    file_up(
        plan=plans["sector"], code="HCM-GD", period=CHAIN_PERIOD, officer="cdn.giaoduc", approver="ldld.hcm",
        children_reviewer="cdn.giaoduc", values=propagated,
        results="Ban Thường vụ tổng hợp kết quả thực hiện của các công đoàn cơ sở trực thuộc.",
    )  # fmt: skip
    file_up(
        plan=plans["city"], code="HCM-GD", period=CHAIN_PERIOD, officer="cdn.giaoduc", approver="ldld.hcm",
        children_reviewer=None, values=propagated,
        results="Công đoàn ngành Giáo dục đã triển khai Kế hoạch 26/KH-LĐLĐ đến toàn bộ công đoàn cơ sở.",
    )  # fmt: skip
    file_up(
        plan=plans["city"], code="HCM", period=CHAIN_PERIOD, officer="ldld.hcm", approver="tld.vgcl",
        children_reviewer="ldld.hcm", values=propagated,
        results="Liên đoàn Lao động Thành phố tổng hợp kết quả thực hiện của các công đoàn ngành, quận, huyện.",
    )  # fmt: skip
    file_up(
        plan=plans["scheme"], code="HCM", period=CHAIN_PERIOD, officer="ldld.hcm", approver="tld.vgcl",
        children_reviewer=None, values=propagated,
        results="Liên đoàn Lao động Thành phố triển khai Đề án qua Kế hoạch 26/KH-LĐLĐ.",
    )  # fmt: skip
    file_up(
        plan=plans["scheme"], code="VGCL", period=CHAIN_PERIOD, officer="tld.vgcl", approver="admin",
        children_reviewer="tld.vgcl", values=propagated,
        results="Đoàn Chủ tịch tổng hợp kết quả thực hiện Đề án của các LĐLĐ tỉnh, thành phố.",
    )  # fmt: skip
    file_up(
        plan=Plan.objects.get(slug="binhdinh-130"), code="BD-QN", period=Period(2024), officer="ldld.quynhon",
        approver="ldld.binhdinh", children_reviewer="ldld.quynhon",
        values={"officers_fulltime": "7", "officers_degree": "7", "officers_political": "6"},
        results="LĐLĐ thành phố tổng hợp kết quả của các công đoàn cơ sở trực thuộc.",
    )  # fmt: skip
