"""Slow work goes to a real task queue when one is configured (TASKS_BACKEND=database, run by
`manage.py db_worker`), and runs in the process by default."""

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from reports.exports import jobs
from reports.models import SummaryExport, SummaryExportStatus
from reports.services import report_return
from tests.reporting import BEFORE_DUE
from tests.test_report_review import submit

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The worker closes "old" connections between tasks, as a real one must: inside the test's own
# transaction that would close the test's connection on PostgreSQL, so the queue tests commit for real.
worker_test = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_QUEUE


def test_by_default_the_notification_is_sent_in_the_process(world, django_capture_on_commit_callbacks):
    with time_machine.travel(BEFORE_DUE, tick=False):
        report = submit(world.unit, world.officer)
        with django_capture_on_commit_callbacks(execute=True):
            report_return(report=report, by=world.reviewer, reason="Thiếu danh sách.")
    assert len(mail.outbox) == 1
    assert not DBTaskResult.objects.exists()


@worker_test
def test_with_a_queue_the_notification_waits_for_a_worker(world, queue, django_capture_on_commit_callbacks):
    with time_machine.travel(BEFORE_DUE, tick=False):
        report = submit(world.unit, world.officer)
        with django_capture_on_commit_callbacks(execute=True):
            report_return(report=report, by=world.reviewer, reason="Thiếu danh sách.")
    assert mail.outbox == []  # not sent during the request
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 1 and "Thiếu danh sách." in mail.outbox[0].body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@worker_test
def test_a_background_workbook_goes_to_the_queue_and_a_worker_writes_it(world, queue, settings, tmp_path):
    settings.EXPORT_ROOT = str(tmp_path)
    settings.EXPORT_JOB_RUNNER = "queue"
    settings.EXPORT_BACKGROUND_UNITS = 1
    job = SummaryExport.objects.create(
        requested_by=world.federation_reviewer, plan=world.bd_plan, organization=world.bd, period="2024"
    )
    jobs.run_later(job.pk)
    job.refresh_from_db()
    assert job.status == SummaryExportStatus.PENDING
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == SummaryExportStatus.DONE and job.size > 0
