"""The import page: download a data-entry template, upload it, look at the preview, confirm once."""

import contextlib
import io
import logging
import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plans.models import Plan
from reports.exports.template import write_template
from reports.imports.forms import TemplateForm, ValuesUploadForm, can_use_imports, importer_units
from reports.imports.issues import ImportRejected, StaleImportError
from reports.imports.staging import (
    PREVIEW_LIFETIME,
    AlreadyConfirmed,
    confirm_staged_import,
    stage_values_upload,
    staged_is_expired,
)
from reports.imports.values import check_value_records, read_values_file
from reports.imports.xlsx import SpreadsheetError
from reports.models import StagedImport
from unions.scoping import is_admin

logger = logging.getLogger(__name__)

PREVIEW_REPORTS = 200
PREVIEW_ISSUES = 500
_UPLOAD_OVERHEAD = 1024 * 1024


def _require_importer(user) -> None:
    if not can_use_imports(user):
        raise PermissionDenied(_("Only reviewers and administrators can import figures."))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_page(request):
    """The template download form and the upload form; a valid upload goes to its preview."""
    _require_importer(request.user)
    template_form = TemplateForm(user=request.user, initial={"org": _default_root(request.user)})
    upload_form = ValuesUploadForm(user=request.user)
    if request.method == "POST":
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > settings.IMPORT_MAX_UPLOAD_BYTES + _UPLOAD_OVERHEAD:
            upload_form = ValuesUploadForm(request.POST, user=request.user)
            upload_form.is_valid()
            upload_form.errors.pop("file", None)  # not "required": too big
            upload_form.add_error(
                "file",
                _("The file is %(size)s, more than the limit of %(limit)s. Split it into smaller files.")
                % {"size": filesizeformat(declared), "limit": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES)},
            )
        else:
            upload_form = ValuesUploadForm(request.POST, request.FILES, user=request.user)
            if upload_form.is_valid():
                staged = stage_values_upload(
                    by=request.user,
                    plan=upload_form.cleaned_data["plan"],
                    status=upload_form.cleaned_data["status"],
                    force=upload_form.cleaned_data.get("force", False),
                    upload=upload_form.cleaned_data["file"],
                )
                return redirect("imports:preview", token=staged.token)
    return render(
        request,
        "reports/imports/upload.html",
        {"template_form": template_form, "upload_form": upload_form, "is_admin": is_admin(request.user)},
    )


def _default_root(user) -> str:
    units = importer_units(user)
    return units[0].code if units else ""


@login_required
@require_safe
def template_download(request):
    """The data-entry template for a plan, a period and a subtree, streamed from a temporary file."""
    _require_importer(request.user)
    form = TemplateForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(
            request,
            "reports/imports/upload.html",
            {
                "template_form": form,
                "upload_form": ValuesUploadForm(user=request.user),
                "is_admin": is_admin(request.user),
            },
            status=400,
        )
    plan, period, root = form.cleaned_data["plan"], form.cleaned_data["period_obj"], form.cleaned_data["root"]
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    write_template(plan=plan, period=period, root=root, user=request.user, out=out)
    out.seek(0)
    name = f"mau-nhap-{plan.slug}-{period.id}-{root.code}.xlsx"
    return FileResponse(
        out,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _staged_for(request, token) -> StagedImport:
    """The user's own staged file, for a plan they can still see; anyone else's is a 404."""
    staged = get_object_or_404(StagedImport.objects.select_related("plan"), token=token, created_by=request.user)
    get_object_or_404(Plan.objects.visible_to(request.user), pk=staged.plan_id)
    return staged


@login_required
@require_safe
def import_preview(request, token):
    """What the file would change (or, once confirmed, what it changed). Nothing is written here."""
    _require_importer(request.user)
    staged = _staged_for(request, token)
    context = {"staged": staged, "expired": staged_is_expired(staged), "lifetime_hours": PREVIEW_LIFETIME.days * 24}
    if staged.confirmed_at is None and not context["expired"]:
        try:
            records, issues, notices = read_values_file(io.BytesIO(bytes(staged.content)), plan=staged.plan)
        except SpreadsheetError as exc:
            context["file_error"] = exc.messages[0]
        else:
            result = check_value_records(
                plan=staged.plan, records=records, by=request.user, status=staged.status, force=staged.force
            )
            result.issues = sorted(issues + result.issues, key=lambda issue: issue.row or 0)
            result.notices = notices
            context.update(
                result=result,
                changes=result.changes[:PREVIEW_REPORTS],
                more_changes=max(0, len(result.changes) - PREVIEW_REPORTS),
                issues=result.issues[:PREVIEW_ISSUES],
                more_issues=max(0, len(result.issues) - PREVIEW_ISSUES),
            )
    return render(request, "reports/imports/preview.html", context)


@login_required
@require_POST
def import_confirm(request, token):
    """Write the previewed file, once; a stale preview or a second click writes nothing."""
    _require_importer(request.user)
    staged = _staged_for(request, token)
    try:
        result = confirm_staged_import(staged=staged, by=request.user, fingerprint=request.POST.get("fingerprint", ""))
    except AlreadyConfirmed as exc:
        messages.info(request, exc.messages[0])
    except StaleImportError as exc:
        messages.warning(request, exc.messages[0])
    except ImportRejected:
        messages.error(request, _("Nothing was imported: the file has problems, listed below."))
    except (SpreadsheetError, ValidationError, PermissionDenied) as exc:
        messages.error(request, exc.messages[0] if hasattr(exc, "messages") else str(exc))
    except (OperationalError, InterfaceError) as exc:
        # The database went away mid-import (a restart, a dropped connection) or gave up on it (a
        # deadlock): the transaction was rolled back with it, the upload is still unclaimed, and
        # confirming again retries.
        logger.error("Import %s: the database connection failed: %s", staged.token, exc)
        _forget_broken_connection()
        messages.error(
            request,
            _(
                "The database could not finish the import (the connection was lost, or the database was busy), "
                "so nothing was imported. Wait a moment and confirm again."
            ),
        )
    else:
        messages.success(
            request,
            _("Imported: %(new)s new reports, %(updated)s reports updated.")
            % {"new": result.reports_new, "updated": result.reports_updated},
        )
    return redirect("imports:preview", token=staged.token)


def _forget_broken_connection() -> None:
    """Close a connection that failed, so the rest of the request (the session, the messages) opens a new one."""
    with contextlib.suppress(DatabaseError):
        connection.close()
