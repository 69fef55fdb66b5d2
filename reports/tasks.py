"""Slow work, as tasks of Django's tasks framework (the django-tasks backport): notification e-mails and
background summary workbooks.

Which backend runs them is TASKS (settings, from TASKS_BACKEND): by default in the process, right away;
with TASKS_BACKEND=database, in a table that `manage.py db_worker` processes run, on any machine.
"""

from django_tasks import task


@task()
def notify_officers_task(event_id: int) -> int:
    """E-mail the unit's officers about a reviewer's decision (reports.notifications)."""
    from reports.notifications import notify_officers

    return notify_officers(event_id=event_id)


@task()
def summary_export_task(job_id: int) -> bool:
    """Write one background summary workbook (reports.exports.jobs)."""
    from reports.exports.jobs import run_summary_export

    return run_summary_export(job_id)
