"""Summary workbooks written in the background, for subtrees too big to write during a request.

`summary_export_start` records the job (a SummaryExport row) and hands it to `run_later`, the one place
that decides what runs slow work: a thread in the app process by default; `manage.py run_export_jobs`
(cron, or a worker) when EXPORT_JOB_RUNNER is "command". A task queue, when the portal gets one, plugs
in there. `run_summary_export` claims a job once (a second runner finds it taken), writes the file with
reports.exports.summary, records the progress as it goes and keeps the file in `export_storage()`.
"""

import datetime
import logging
import tempfile
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.db import close_old_connections, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plans.models import Plan
from plans.periods import Period
from reports.exports.summary import expected_unit_count, in_snapshot, write_summary
from reports.models import SummaryExport, SummaryExportStatus
from unions.models import Organization

logger = logging.getLogger(__name__)

# A job that has shown no progress for this long is taken as interrupted (its process stopped).
STALE_AFTER = datetime.timedelta(minutes=10)
# Progress is recorded at most this often (and after every chunk of rows).
_HEARTBEAT = datetime.timedelta(seconds=2)


def export_storage() -> Storage:
    """Where finished workbooks are kept (not a public folder: they are served after a permission check)."""
    return FileSystemStorage(location=settings.EXPORT_ROOT)


def is_stale(job: SummaryExport, now: datetime.datetime | None = None) -> bool:
    """Waiting or running, with no sign of life for STALE_AFTER: its process has stopped."""
    last = job.heartbeat_at or job.started_at or job.created_at
    return job.in_progress and (now or timezone.now()) - last > STALE_AFTER


def summary_export_start(*, by, plan: Plan, organization: Organization, period: Period) -> SummaryExport:
    """Start writing the summary workbook in the background, or return the same request already on its way
    (a double click or a second tab starts one job). The caller has checked that `by` may see the figures."""
    purge_old_exports()
    with transaction.atomic():
        # One start at a time per user, so two clicks cannot both decide there is no job yet.
        get_user_model().objects.select_for_update().filter(pk=by.pk).first()
        running = SummaryExport.objects.filter(
            requested_by=by,
            plan=plan,
            organization=organization,
            period=period.id,
            status__in=(SummaryExportStatus.PENDING, SummaryExportStatus.RUNNING),
        )
        for job in running:
            if not is_stale(job):
                return job
        job = SummaryExport.objects.create(
            requested_by=by,
            plan=plan,
            organization=organization,
            period=period.id,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            units_total=expected_unit_count(plan=plan, organization=organization, period=period),
        )
        transaction.on_commit(lambda: run_later(job.pk))
    return job


def run_later(job_id: int) -> None:
    """Hand a job to whatever runs slow work (EXPORT_JOB_RUNNER). Called once the job row is committed."""
    runner = settings.EXPORT_JOB_RUNNER
    if runner == "thread":
        thread = threading.Thread(target=_run_in_thread, args=(job_id,), name=f"summary-export-{job_id}", daemon=True)
        thread.start()
    elif runner == "inline":
        run_summary_export(job_id)
    elif runner == "queue":
        from reports.tasks import summary_export_task

        summary_export_task.enqueue(job_id)
    # "command": `manage.py run_export_jobs` picks it up.


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run_summary_export(job_id)
    finally:
        connections.close_all()  # this thread's connections only


def run_summary_export(job_id: int) -> bool:
    """Write one waiting job's workbook. False when the job is not waiting (already taken, or gone)."""
    now = timezone.now()
    claimed = SummaryExport.objects.filter(pk=job_id, status=SummaryExportStatus.PENDING).update(
        status=SummaryExportStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return False
    job = SummaryExport.objects.select_related("plan__issuer", "organization").get(pk=job_id)
    last_beat = now

    def progress(done: int) -> None:
        nonlocal last_beat
        moment = timezone.now()
        if moment - last_beat >= _HEARTBEAT or done >= job.units_total:
            _record_progress(job.pk, done, moment)
            last_beat = moment

    try:
        with translation.override(job.language), tempfile.TemporaryFile() as out:
            result = write_summary(
                plan=job.plan, organization=job.organization, period=job.period_obj, out=out, progress=progress
            )
            size = out.tell()
            out.seek(0)
            stored = export_storage().save(f"{job.token}.xlsx", File(out))
    except Exception:
        logger.exception("Summary export %s failed", job.pk)
        SummaryExport.objects.filter(pk=job.pk).update(
            status=SummaryExportStatus.FAILED,
            finished_at=timezone.now(),
            error=_("The workbook could not be written. Start it again; if it fails again, tell the administrator."),
        )
        return True
    done = result.reported_rows + result.not_reported_rows
    SummaryExport.objects.filter(pk=job.pk).update(
        status=SummaryExportStatus.DONE,
        file_name=stored,
        size=size,
        units_done=done,
        units_total=max(done, job.units_total),
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    return True


def _record_progress(job_id: int, done: int, moment: datetime.datetime) -> None:
    """Save how far a job has come, where the status page can see it at once. Inside the export's read-only
    snapshot (PostgreSQL) this connection cannot write, so a short-lived thread does it on its own connection."""

    def update() -> None:
        SummaryExport.objects.filter(pk=job_id).update(units_done=done, heartbeat_at=moment)

    if not in_snapshot():
        update()
        return

    def on_its_own_connection() -> None:
        try:
            update()
        except Exception:
            logger.warning("Could not record the progress of summary export %s", job_id, exc_info=True)
        finally:
            connections.close_all()

    thread = threading.Thread(target=on_its_own_connection, name=f"summary-export-progress-{job_id}")
    thread.start()
    thread.join()


def run_waiting_exports() -> int:
    """Run every waiting job, oldest first; return how many this call ran."""
    count = 0
    for job_id in (
        SummaryExport.objects.filter(status=SummaryExportStatus.PENDING)
        .order_by("created_at")
        .values_list("pk", flat=True)
    ):
        count += run_summary_export(job_id)
    return count


def purge_old_exports(now: datetime.datetime | None = None) -> int:
    """Delete jobs requested more than EXPORT_KEEP_HOURS ago, and their files."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    old = list(SummaryExport.objects.filter(created_at__lt=cutoff).values_list("pk", "file_name"))
    storage = export_storage()
    for _pk, name in old:
        if name:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not delete the old export file %s", name)
    SummaryExport.objects.filter(pk__in=[pk for pk, _name in old]).delete()
    return len(old)
