"""The peer of the summary export (bench/national.py runs it in a fresh process): the same values of
national-130 at 2025 written to .xlsx through django-import-export's default path, a ModelResource."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from import_export import resources  # noqa: E402

from reports.models import ReportValue  # noqa: E402


class ValueResource(resources.ModelResource):
    class Meta:
        model = ReportValue
        fields = ("report__organization__code", "report__period", "indicator__code", "number", "choice")


def main() -> None:
    rows = ReportValue.objects.filter(
        report__plan__slug="national-130", report__period="2025", report__status__in=["submitted", "approved"]
    )
    Path(sys.argv[1]).write_bytes(ValueResource().export(queryset=rows).export("xlsx"))


if __name__ == "__main__":
    main()
