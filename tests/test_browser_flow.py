"""The whole filing and review flow in a real Chromium, in Vietnamese, as an officer (on a phone)
and a reviewer (on a desktop) live it. The screenshots it takes are the README's.

Skipped when Chromium is missing, unless REQUIRE_BROWSER=1 (CI), which makes that a failure.
"""

import datetime
import os
from pathlib import Path

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect  # waits for what a click brings, where is_visible() would not

from reports.models import Report, ReportEvent, ReportStatus
from reports.services import report_approve, report_create, report_save, report_submit
from tests.reporting import COMPLETE_2025

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "pw-Secret-123"  # tests.factories.UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def chromium():
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " REQUIRE_BROWSER=1 forbids skipping them.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own database calls are
    # ordinary synchronous code, which Django would otherwise refuse inside it. Only for these tests.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def browser_settings(settings):
    """Time is moved back to 2025 for the server; cookies must then not carry (past) expiry dates."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    settings.SITE_URL = "http://portal.example.vn"
    return settings


@pytest.fixture
def december_2025():
    """1 December 2025: the 2025 year report of binhdinh-130 is due on 15 December."""
    with time_machine.travel(datetime.datetime(2025, 12, 1, 2, tzinfo=datetime.UTC), tick=False):
        yield


def open_as(chromium, live_server, user, viewport, password=PASSWORD):
    context = chromium.new_context(viewport=viewport, locale="vi-VN", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    return page


def shot(page, name: str, *, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def fill_figures(page, values: dict) -> None:
    for code, value in values.items():
        field = page.locator(f'[name="value-{code}"]')
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_an_officer_files_a_reviewer_returns_the_officer_resubmits_and_the_reviewer_approves(
    world, live_server, chromium, browser_settings, december_2025
):
    # Last half-year's approved report, so that each figure has its previous value beside it.
    with time_machine.travel(datetime.datetime(2025, 6, 1, 2, tzinfo=datetime.UTC), tick=False):
        half = report_create(organization=world.unit, plan=world.bd_plan, period="2025S1", by=world.officer)
        report_save(report=half, by=world.officer, values={**COMPLETE_2025, "rating": "", "members": "1.180"})
        report_submit(report=half, by=world.officer)
        report_approve(report=half, by=world.reviewer)
    world.officer.first_name, world.officer.last_name = "Lan", "Nguyễn Thị"
    world.officer.save()
    world.reviewer.first_name, world.reviewer.last_name = "Hùng", "Phạm Văn"
    world.reviewer.save()
    mail.outbox.clear()

    # The officer, on a phone, sees what is due and opens the form.
    officer = open_as(chromium, live_server, world.officer, PHONE)
    assert officer.get_by_role("heading", name="Đến hạn và sắp đến hạn").is_visible()
    assert officer.get_by_text("còn 14 ngày").is_visible()
    shot(officer, "officer-1-home.png")
    officer.get_by_role("link", name="Bắt đầu").click()
    officer.wait_for_url("**/reports/binhdinh-130/BD-D1-G1/2025/edit/")

    # A figure above its whole: refused, with the message on the field, and nothing typed is lost.
    fill_figures(officer, {**COMPLETE_2025, "members_trained": "1.300"})
    officer.get_by_label("1.1. Đổi mới và thực hiện có hiệu quả công tác giáo dục", exact=False).fill(
        "Tổ chức 3 buổi sinh hoạt chuyên đề cho đoàn viên là đảng viên."
    )
    officer.get_by_label("Kết quả", exact=True).fill("Đơn vị đã triển khai kế hoạch tới toàn thể đoàn viên.")
    officer.get_by_role("button", name="Lưu và gửi báo cáo").click()
    officer.wait_for_load_state()
    error = "“Trong đó: được đào tạo, bồi dưỡng nghề” (1.300) không được lớn hơn"
    assert officer.get_by_text(error).first.is_visible()
    assert officer.locator('[name="value-members_trained"]').input_value() == "1.300"
    assert officer.locator('[name="value-members"]').input_value() == "1.234"
    assert not Report.objects.filter(period="2025").exists()
    officer.locator('[name="value-members_trained"]').scroll_into_view_if_needed()
    shot(officer, "officer-2-error.png", full_page=False)

    # Corrected and submitted.
    officer.locator('[name="value-members_trained"]').fill("900")
    officer.get_by_role("button", name="Lưu và gửi báo cáo").click()
    officer.wait_for_url("**/reports/binhdinh-130/BD-D1-G1/2025/")
    assert officer.get_by_text("Đã gửi báo cáo.", exact=False).is_visible()
    report = Report.objects.get(period="2025")
    assert report.status == ReportStatus.SUBMITTED
    shot(officer, "officer-3-submitted.png")

    # The reviewer sees it waiting, opens it beside the previous period's figures, and returns it.
    reviewer = open_as(chromium, live_server, world.reviewer, DESKTOP)
    assert reviewer.get_by_role("heading", name="Chờ bạn duyệt").is_visible()
    shot(reviewer, "reviewer-1-home.png")
    reviewer.get_by_role("link", name="Xem và duyệt").click()
    reviewer.wait_for_url("**/reports/binhdinh-130/BD-D1-G1/2025/")
    members_row = reviewer.locator('tr[data-code="members"]')
    assert "1.234" in members_row.inner_text() and "1.180" in members_row.inner_text()
    reviewer.get_by_label("Lý do").fill(
        "Số đoàn viên được đào tạo nghề chưa có danh sách kèm theo, đề nghị kiểm tra lại."
    )
    shot(reviewer, "reviewer-2-review.png")
    reviewer.get_by_role("button", name="Trả lại đơn vị").click()
    expect(reviewer.get_by_text("Đã trả lại báo cáo cho đơn vị")).to_be_visible()

    # The officer finds the reason on the home page, fixes the figure and submits again (a double click).
    officer.goto("/")
    assert officer.get_by_text("Số đoàn viên được đào tạo nghề chưa có danh sách kèm theo").is_visible()
    shot(officer, "officer-4-returned.png")
    officer.get_by_role("link", name="Tiếp tục").click()
    officer.wait_for_url("**/edit/")
    assert officer.get_by_text("Lý do người duyệt trả lại", exact=False).is_visible()
    officer.locator('[name="value-members_trained"]').fill("850")
    officer.get_by_role("button", name="Lưu và gửi báo cáo").dblclick()
    officer.wait_for_url("**/reports/binhdinh-130/BD-D1-G1/2025/")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert ReportEvent.objects.filter(report=report, action="submitted").count() == 2  # once per round

    # The reviewer approves; the report is locked.
    reviewer.goto(report.get_absolute_url())
    reviewer.get_by_role("button", name="Duyệt", exact=True).click()
    expect(reviewer.get_by_text("Đã duyệt báo cáo.")).to_be_visible()
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    # The officer can no longer edit: no button, and the form's address sends them back.
    officer.goto(report.get_absolute_url())
    assert officer.get_by_role("link", name="Sửa báo cáo").count() == 0
    officer.goto(report.get_absolute_url() + "edit/")
    officer.wait_for_url("**/reports/binhdinh-130/BD-D1-G1/2025/")
    assert officer.get_by_text("không thể sửa", exact=False).is_visible()
    officer.get_by_role("link", name="Lịch sử").click()
    expect(officer.get_by_text("Số đoàn viên được đào tạo nghề chưa có danh sách kèm theo").first).to_be_visible()
    shot(officer, "officer-5-history.png")

    subjects = [message.subject for message in mail.outbox if message.to == ["officer@example.vn"]]
    assert subjects == [
        "[Chỉ tiêu] Báo cáo bị trả lại: CĐCS Công ty Một, Năm 2025",
        "[Chỉ tiêu] Báo cáo đã được duyệt: CĐCS Công ty Một, Năm 2025",
    ]
    assert "http://portal.example.vn/reports/binhdinh-130/BD-D1-G1/2025/" in mail.outbox[-1].body


def test_what_was_typed_survives_an_expired_session(world, live_server, chromium, browser_settings, december_2025):
    officer = open_as(chromium, live_server, world.officer, PHONE)
    officer.goto("/reports/binhdinh-130/BD-D1-G1/2025/edit/")
    officer.locator('[name="value-members"]').fill("2345")
    officer.locator('[name="value-members"]').blur()
    assert officer.locator('[name="value-members"]').input_value() == "2.345"  # grouped as it is typed
    officer.get_by_label("Hạn chế").fill("Một số nội dung triển khai còn chậm.")
    Session.objects.all().delete()  # the session expires while the officer types
    cache.clear()  # (sessions are read through the cache)
    officer.get_by_role("button", name="Lưu nháp").click()
    officer.wait_for_url("**/accounts/login/**")
    assert not Report.objects.exists()
    officer.get_by_label("Tên đăng nhập").fill("officer")
    officer.get_by_label("Mật khẩu").fill(PASSWORD)
    officer.get_by_role("button", name="Đăng nhập").click()
    officer.wait_for_url("**/reports/binhdinh-130/BD-D1-G1/2025/edit/")
    assert officer.get_by_text("đã được điền lại", exact=False).is_visible()
    assert officer.locator('[name="value-members"]').input_value() == "2.345"
    assert officer.get_by_label("Hạn chế").input_value() == "Một số nội dung triển khai còn chậm."
    officer.get_by_role("button", name="Lưu nháp").click()
    officer.wait_for_url("**/edit/")
    report = Report.objects.get()
    assert report.values.get(indicator__code="members").number == 2345
    assert report.shortcomings == "Một số nội dung triển khai còn chậm."
    officer.reload()
    assert not officer.get_by_text("đã được điền lại", exact=False).is_visible()


def test_a_provincial_reviewer_narrows_the_status_grid_of_the_demo(live_server, chromium):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from reports.demo import DEMO_PASSWORD

    call_command("seed_demo", verbosity=0)
    reviewer = open_as(
        chromium, live_server, get_user_model().objects.get(username="ldld.binhdinh"), DESKTOP, DEMO_PASSWORD
    )
    grid = reviewer.locator("table.status-grid")
    assert grid.locator("thead th").nth(1).inner_text() == "2025"  # the latest period first
    reviewer.get_by_label("Trực thuộc").select_option(label="\u00a0\u00a0Liên đoàn Lao động thành phố Quy Nhơn")
    reviewer.wait_for_url("**parent=BD-QN**")
    reviewer.get_by_label("Loại đơn vị").select_option("grassroots")
    reviewer.wait_for_url("**kind=grassroots**")
    codes = grid.locator("tbody th .text-muted").all_inner_texts()
    assert codes and all(code.startswith(("BD-QN-", "BD-TP-")) for code in codes)  # Tuy Phước's units moved in 2025
    assert grid.locator("td.status-approved").count() > 0 and grid.locator("td.status-missing").count() > 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reviewer.locator("#grid").screenshot(path=str(SCREENSHOTS / "reviewer-3-grid.png"))
    reviewer.locator("td.status-returned a").first.click()
    expect(reviewer.get_by_text("Lý do người duyệt trả lại", exact=False)).to_be_visible()
