"""send_reminders: officers of units whose report is due within 7 days or overdue are e-mailed,
each reminder once however often cron runs the command. In `world`, only the unit and its sibling
have officers in the Bình Định tree."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from reports.models import ReportReminder
from reports.services import report_create, report_reopen_for_period, report_save, report_submit
from tests.factories import MembershipFactory, UserFactory
from tests.reporting import COMPLETE_2025
from unions.models import Role


def at(year, month, day, hour=1):
    return time_machine.travel(datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC), tick=False)


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_nothing_is_sent_more_than_seven_days_before_the_due_date(world):
    with at(2025, 12, 7):  # the 2025 year report is due on 15 December
        run()
    assert mail.outbox == [] and not ReportReminder.objects.exists()


def test_officers_of_units_due_within_seven_days_are_reminded_once(world):
    with at(2025, 12, 8):
        output = run()
        assert "Đã gửi 2 thư nhắc về 2 báo cáo." in output
        assert recipients() == ["officer@example.vn", "sibling_officer@example.vn"]
        message = next(m for m in mail.outbox if m.to == ["officer@example.vn"])
        assert message.subject == "[Chỉ tiêu] Nhắc hạn gửi 1 báo cáo"
        assert "CĐCS Công ty Một: Năm 2025" in message.body
        assert "Hạn báo cáo ngày 15-12-2025" in message.body
        assert "http://127.0.0.1:8000/reports/binhdinh-130/BD-D1-G1/2025/" in message.body
        run()
        run()
    with at(2025, 12, 8, hour=10):  # the same day, later
        run()
    assert len(mail.outbox) == 2
    assert ReportReminder.objects.count() == 2


def test_a_submitted_report_needs_no_reminder(world):
    with at(2025, 12, 8):
        report = report_create(organization=world.unit, plan=world.bd_plan, period="2025", by=world.officer)
        report_save(report=report, by=world.officer, values=COMPLETE_2025)
        report_submit(report=report, by=world.officer)
        run()
    assert recipients() == ["sibling_officer@example.vn"]


def test_an_overdue_report_gets_one_more_reminder(world):
    with at(2025, 12, 10):
        run()
    with at(2025, 12, 16):
        assert "Đã gửi 2 thư nhắc" in run()
        overdue = mail.outbox[-1]
        assert "đã quá hạn 1 ngày" in overdue.body
        run()
    with at(2025, 12, 30):
        run()
    assert len(mail.outbox) == 4
    assert sorted(ReportReminder.objects.values_list("kind", flat=True)) == ["due_soon"] * 2 + ["overdue"] * 2


def test_no_reminder_once_entry_has_closed_until_a_reviewer_reopens_it(world):
    with at(2026, 2, 1):  # entry for the 2025 year report closed on 14 January 2026
        run()
        assert mail.outbox == []
        report_reopen_for_period(
            organization=world.unit, plan=world.bd_plan, period="2025", by=world.reviewer, reason="Bổ sung."
        )
        run()
        run()
    assert recipients() == ["officer@example.vn"]


def test_officers_without_an_address_or_inactive_are_skipped(world):
    MembershipFactory(user=UserFactory(username="no_address", email=""), organization=world.unit, role=Role.OFFICER)
    MembershipFactory(user=UserFactory(username="gone", is_active=False), organization=world.unit, role=Role.OFFICER)
    MembershipFactory(user=UserFactory(username="looker"), organization=world.unit, role=Role.VIEWER)
    with at(2025, 12, 8):
        run()
    assert recipients() == ["officer@example.vn", "sibling_officer@example.vn"]


def test_a_dry_run_sends_and_records_nothing(world):
    with at(2025, 12, 8):
        output = run("--dry-run")
    assert "officer@example.vn: BD-D1-G1 binhdinh-130 2025 due_soon" in output
    assert mail.outbox == [] and not ReportReminder.objects.exists()


def test_a_mail_failure_records_nothing_so_the_next_run_tries_again(world, monkeypatch):
    from django.core.mail import EmailMessage

    original = EmailMessage.send

    def fail_for_the_sibling(self, *args, **kwargs):
        if self.to == ["sibling_officer@example.vn"]:
            raise OSError("mail server refused")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", fail_for_the_sibling)
    with at(2025, 12, 8):
        with pytest.raises(CommandError, match="Không gửi được thư cho 1 cán bộ"):
            run()
        assert recipients() == ["officer@example.vn"]
        monkeypatch.setattr(EmailMessage, "send", original)
        run()
    assert recipients() == ["officer@example.vn", "sibling_officer@example.vn"]
    assert ReportReminder.objects.count() == 2


def test_the_admin_lists_the_reminders_sent(world, client):
    with at(2025, 12, 8):
        run()
        client.force_login(world.admin)
        content = client.get("/admin/reports/reportreminder/").content.decode()
    assert "CĐCS Công ty Một" in content and "Sắp đến hạn" in content
