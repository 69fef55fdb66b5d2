"""The upload page's two steps: keep the uploaded file until its owner confirms the preview, then write once."""

import datetime
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Plan
from reports.imports.values import ValuesImport, check_arguments, import_values_file
from reports.models import StagedImport

PREVIEW_LIFETIME = datetime.timedelta(hours=24)
KEEP_FOR = datetime.timedelta(days=7)


class AlreadyConfirmed(ValidationError):
    """The staged file was imported already (a double click, a second tab): nothing more is written."""

    def __init__(self):
        super().__init__(_("This file has already been imported; it was not imported a second time."), code="done")


def staged_is_expired(staged: StagedImport) -> bool:
    return staged.confirmed_at is None and staged.created_at < timezone.now() - PREVIEW_LIFETIME


def stage_values_upload(*, by, plan: Plan, status: str, force: bool, upload) -> StagedImport:
    """Keep an uploaded (already readable) workbook for its preview. Old staged files are cleared out."""
    check_arguments(by=by, status=status, force=force)
    upload.seek(0)
    content = upload.read()
    StagedImport.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
    return StagedImport.objects.create(
        created_by=by,
        plan=plan,
        status=status,
        force=force,
        file_name=(getattr(upload, "name", "") or "")[:255],
        content=content,
    )


def confirm_staged_import(*, staged: StagedImport, by, fingerprint: str) -> ValuesImport:
    """Write the staged file, once. The claim and the write share one transaction: if the write is
    refused (the data changed since the preview, or a row became invalid), the claim is undone too
    and the user can look at the new preview and confirm again."""
    if staged_is_expired(staged):
        raise ValidationError(_("This upload is more than a day old. Upload the file again."), code="expired")
    with transaction.atomic():
        now = timezone.now()
        claimed = StagedImport.objects.filter(pk=staged.pk, confirmed_at__isnull=True).update(confirmed_at=now)
        if not claimed:
            raise AlreadyConfirmed()
        result = import_values_file(
            io.BytesIO(bytes(staged.content)),
            plan=staged.plan,
            by=by,
            status=staged.status,
            force=staged.force,
            file_name=staged.file_name,
            expected_fingerprint=fingerprint or "-",
        )
        summary = {
            "reports_new": result.reports_new,
            "reports_updated": result.reports_updated,
            "values_new": result.values_new,
            "values_changed": result.values_changed,
            "values_removed": result.values_removed,
            "unchanged": result.unchanged,
            "skipped_empty": result.skipped_empty,
        }
        StagedImport.objects.filter(pk=staged.pk).update(summary=summary, content=b"")
    staged.confirmed_at, staged.summary = now, summary
    return result
