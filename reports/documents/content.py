"""What an official report document says, in the layout of the union's own documents (the seed plans):
one structure that the printable page and the Word file both render.

- top left: the superior body, the issuing body (bold) and "Số: 12/BC-CĐCS";
- top right: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc", then place and date;
- "BÁO CÁO" and its subject: the results of carrying out the plan, for the period;
- the body follows the plan: what was done for each task, the targets table (target, threshold,
  result, met or not), the unit's own figures, then the narrative sections;
- bottom left "Nơi nhận", bottom right the signature block and the chair's name.

The document is Vietnamese whatever the interface language: union documents are.

The document number is given when the report is first submitted: a sequence per unit and calendar
year (reports.services.consolidation.assign_document_number). Before that the number is left blank,
as on a draft waiting for the office's register, and the document is marked as a draft.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone, translation

from plans.formatting import vietnamese_long_date, vietnamese_number, vietnamese_percent
from plans.models import COMPARE, Comparator, Measure, Plan, Target
from reports.compliance import MET, NO_DATA, NOT_MET
from reports.compliance.results import percent_of, round_half_up
from reports.models import COUNTED_STATUSES, ReportStatus
from reports.selectors.consolidation import Consolidation
from reports.selectors.sheet import ReportSheet
from reports.values import display_text
from unions.models import Organization, OrganizationKind

#: The issuing body's abbreviation in a document number ("Số: 12/BC-LĐLĐ").
ABBREVIATIONS = {
    OrganizationKind.CONFEDERATION: "TLĐ",
    OrganizationKind.FEDERATION: "LĐLĐ",
    OrganizationKind.SECTOR: "CĐN",
    OrganizationKind.DISTRICT: "LĐLĐ",
    OrganizationKind.INDUSTRIAL_ZONE: "CĐKCN",
    OrganizationKind.COMMUNE: "CĐ",
    OrganizationKind.GRASSROOTS: "CĐCS",
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
STATUS_WORDS = {MET: "Đạt", NOT_MET: "Chưa đạt", NO_DATA: "Chưa có số liệu"}
NOT_APPLICABLE = "Không áp dụng"
NOTHING_WRITTEN = "(Không có nội dung báo cáo.)"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    #: Relative column widths, summing to 100.
    widths: list[int]


@dataclass(frozen=True)
class Block:
    """A piece of the body: "heading" (I. ...), "subheading" (1. ...), "paragraph" or "table"."""

    kind: str
    text: str = ""
    table: Table | None = None


@dataclass
class OfficialDocument:
    superior: str
    issuer: str
    number: str
    place_date: str
    subject: str
    period_line: str
    opening: str
    blocks: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_lines: list[str] = field(default_factory=list)
    signer_name: str = ""
    is_draft: bool = False
    file_name: str = "bao-cao"

    title = "BÁO CÁO"
    nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto = "Độc lập - Tự do - Hạnh phúc"


def document_number(organization: Organization, number: int | None) -> str:
    """ "Số: 12/BC-CĐCS", or "Số:      /BC-CĐCS" before the report has its number."""
    abbreviation = ABBREVIATIONS.get(organization.kind, "CĐ")
    return f"Số: {number}/BC-{abbreviation}" if number else f"Số:      /BC-{abbreviation}"


def place_of(organization: Organization) -> str:
    """The unit's place name, or its nearest ancestor's."""
    if organization.place:
        return organization.place
    ancestors = Organization.objects.filter(pk__in=organization.ancestor_ids).exclude(place="").order_by("-depth")
    first = ancestors.first()
    return first.place if first else ""


def plan_reference(plan: Plan) -> str:
    """ "Kế hoạch số 130/KH-LĐLĐ ngày 30/8/2021 của Liên đoàn Lao động tỉnh Bình Định"."""
    text = f"Kế hoạch số {plan.number}" if plan.number else f"Kế hoạch “{plan.title}”"
    if plan.issued_on:
        day = plan.issued_on
        text += f" ngày {day.day}/{day.month}/{day.year}"
    return f"{text} của {plan.issuer.name}"


def period_words(sheet: ReportSheet) -> str:
    period = sheet.period
    return f"6 tháng đầu năm {period.year}" if period.is_half else f"năm {period.year}"


def rule_text(target: Target) -> str:
    return f"{Comparator(target.comparator).label} {vietnamese_percent(target.threshold)}"


def _percent_text(value: Decimal | None) -> str:
    return "" if value is None else vietnamese_percent(value)


def _consolidated_target_rows(consolidation: Consolidation) -> list[list[str]]:
    rows = []
    for number, line in enumerate(consolidation.targets, start=1):
        if line.value is None:
            result = "—"
        else:
            result = (
                f"{_percent_text(line.value)} "
                f"({vietnamese_number(line.numerator)}/{vietnamese_number(line.denominator)})"
            )
        rows.append([str(number), line.target.wording, rule_text(line.target), result, STATUS_WORDS[line.status]])
    return rows


def _unit_target_rows(sheet: ReportSheet, targets: list[Target]) -> list[list[str]]:
    """A unit's own result for each target, from its own figures for the period."""
    values = {row.code: row for row in sheet.rows}
    rows = []
    for number, target in enumerate(targets, start=1):
        result, status = "—", NOT_APPLICABLE
        if target.measure == Measure.UNIT_SHARE:
            row = values.get(target.indicator.code)
            applies = row is not None and sheet.organization.kind in target.population_kinds
            if applies and row.value is not None:
                meets = target.unit_meets_condition(row.value.number, row.value.choice)
                result = display_text(row.indicator, row.value)
                if row.indicator.unit:
                    result += f" {row.indicator.unit}"
                # One unit is all or nothing of the share: 100 % if it meets the condition.
                status = STATUS_WORDS[MET if target.meets_threshold(Decimal(100 if meets else 0)) else NOT_MET]
            elif applies:
                status = STATUS_WORDS[NO_DATA]
        else:
            top, bottom = values.get(target.numerator.code), values.get(target.denominator.code)
            applies = top is not None and bottom is not None and sheet.organization.kind in target.population_kinds
            if applies and top.value is not None and bottom.value is not None and bottom.value.number:
                percent = percent_of(top.value.number, bottom.value.number)
                result = (
                    f"{vietnamese_percent(round_half_up(percent))} "
                    f"({vietnamese_number(top.value.number)}/{vietnamese_number(bottom.value.number)})"
                )
                met = _compare(target, percent)
                status = STATUS_WORDS[MET if met else NOT_MET]
            elif applies:
                status = STATUS_WORDS[NO_DATA]
        rows.append([str(number), target.wording, rule_text(target), result, status])
    return rows


def _compare(target: Target, percent: Fraction) -> bool:
    """Exactly, as the compliance engine compares (no rounding first)."""
    return COMPARE[target.comparator](percent, Fraction(target.threshold))


def build_document(
    *, sheet: ReportSheet, consolidation: Consolidation | None, today: datetime.date | None = None
) -> OfficialDocument:
    """The official document of a unit's report (submitted or not) for a plan and period."""
    with translation.override("vi"):
        return _build(sheet, consolidation, today or timezone.localdate())


def _build(sheet: ReportSheet, consolidation: Consolidation | None, today: datetime.date) -> OfficialDocument:
    from plans.selectors import plan_structure

    organization, plan, report = sheet.organization, sheet.plan, sheet.report
    structure = plan_structure(plan)
    grassroots = organization.kind == OrganizationKind.GRASSROOTS
    board = "Ban Chấp hành" if grassroots else "Ban Thường vụ"
    submitted = report is not None and report.status in COUNTED_STATUSES and report.submitted_at
    day = timezone.localdate(report.submitted_at) if submitted else today
    place = place_of(organization)
    parent = organization.parent
    document = OfficialDocument(
        superior=parent.name.upper() if parent else "",
        issuer=organization.name.upper(),
        number=document_number(organization, report.document_number if report else None),
        place_date=f"{place}, {vietnamese_long_date(day)}" if place else vietnamese_long_date(day).capitalize(),
        subject=f"Kết quả thực hiện {plan_reference(plan)}",
        period_line=f"({period_words(sheet).capitalize()})",
        opening=(
            f"Thực hiện {plan_reference(plan)}, {board} {organization.name} báo cáo kết quả thực hiện "
            f"{period_words(sheet)} như sau:"
        ),
        is_draft=not submitted,
        signer_lines=[f"TM. {board.upper()}", "CHỦ TỊCH"],
        signer_name=organization.leader_name,
        file_name=f"bao-cao-{plan.slug}-{organization.code}-{sheet.period.id}".lower(),
    )
    section = iter(ROMAN)
    blocks = document.blocks

    # I. What was done for each task, in the plan's own numbering.
    if structure.tasks:
        blocks.append(Block("heading", f"{next(section)}. KẾT QUẢ THỰC HIỆN NHIỆM VỤ VÀ GIẢI PHÁP"))
        accounts = {row.task.pk: row.text for row in sheet.tasks}
        for task in structure.tasks:
            blocks.append(Block("subheading", f"{task.number}. {task.title}"))
            if task.pk in accounts:
                for line in (accounts[task.pk] or NOTHING_WRITTEN).splitlines():
                    if line.strip():
                        blocks.append(Block("paragraph", line.strip()))

    # II. The targets: threshold, result, met or not.
    headers = ["TT", "Chỉ tiêu", "Chỉ tiêu đề ra", "Kết quả", "Đánh giá"]
    widths = [6, 48, 14, 18, 14]
    blocks.append(Block("heading", f"{next(section)}. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"))
    if consolidation is not None:
        units = consolidation.units
        coverage = percent_of(units["reported"], units["expected"])
        blocks.append(
            Block(
                "paragraph",
                f"Số đơn vị phải báo cáo: {units['expected']}; đã báo cáo: {units['reported']}"
                + (f" ({vietnamese_percent(round_half_up(coverage))})" if coverage is not None else "")
                + f"; đúng hạn: {units['on_time']}. Kết quả tổng hợp toàn đơn vị như sau:",
            )
        )
        blocks.append(Block("table", table=Table(headers, _consolidated_target_rows(consolidation), widths)))
        if consolidation.not_reported:
            names = "; ".join(
                unit["name"] + (" (đã xác nhận không báo cáo)" if unit["status"] == ReportStatus.ABSENT else "")
                for unit in consolidation.not_reported
            )
            blocks.append(Block("paragraph", f"Các đơn vị chưa báo cáo ({len(consolidation.not_reported)}): {names}."))
    else:
        blocks.append(Block("table", table=Table(headers, _unit_target_rows(sheet, structure.targets), widths)))

    # III. The unit's own figures.
    if sheet.rows:
        heading = "SỐ LIỆU CỦA CẤP MÌNH" if consolidation is not None else "SỐ LIỆU CỦA ĐƠN VỊ"
        blocks.append(Block("heading", f"{next(section)}. {heading}"))
        figures = []
        for number, row in enumerate(sheet.rows, start=1):
            value = display_text(row.indicator, row.value) if row.value is not None else "—"
            if row.value is not None and row.indicator.unit:
                value += f" {row.indicator.unit}"
            figures.append([str(number), row.indicator.label, value])
        blocks.append(Block("table", table=Table(["TT", "Nội dung", "Số liệu"], figures, [6, 70, 24])))

    # IV. The narrative every Vietnamese report carries.
    blocks.append(Block("heading", f"{next(section)}. ĐÁNH GIÁ CHUNG"))
    titles = {
        "results": "Kết quả đạt được",
        "shortcomings": "Hạn chế, tồn tại",
        "proposals": "Đề xuất, kiến nghị",
    }
    for number, row in enumerate(sheet.narrative, start=1):
        blocks.append(Block("subheading", f"{number}. {titles.get(row.name, row.label)}"))
        for line in (row.text or NOTHING_WRITTEN).splitlines():
            if line.strip():
                blocks.append(Block("paragraph", line.strip()))

    # Nơi nhận: the union above (through the board the plan names) and the unit's own records.
    if parent is not None:
        through = f" ({plan.report_to})" if plan.report_to and plan.issuer_id == parent.pk else ""
        document.recipients.append(f"- {parent.name}{through} “để báo cáo”;")
    if plan.issuer_id not in (organization.pk, parent.pk if parent else None):
        through = f" ({plan.report_to})" if plan.report_to else ""
        document.recipients.append(f"- {plan.issuer.name}{through} “để báo cáo”;")
    document.recipients.append("- Lưu: VT.")
    return document
