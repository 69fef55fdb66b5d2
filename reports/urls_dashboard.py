from django.urls import path

from reports.views import dashboard, exports

urlpatterns = [
    path("", dashboard.overview, name="dashboard_overview"),
    path("exports/<uuid:token>/", exports.summary_export_status, name="summary_export_status"),
    path("exports/<uuid:token>/download/", exports.summary_export_download, name="summary_export_download"),
    path("<slug:slug>/", dashboard.plan_dashboard, name="plan_dashboard"),
    path("<slug:slug>/units/", dashboard.unit_lists, name="dashboard_unit_lists"),
    path("<slug:slug>/export/", exports.summary_export, name="summary_export"),
]
