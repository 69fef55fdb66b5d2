from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from reports.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("plans/", include("plans.urls")),
    path("reports/", include("reports.urls")),
    path("dashboard/", include("reports.urls_dashboard")),
    path("imports/", include("reports.urls_imports")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

admin.site.site_header = _("Chỉ tiêu administration")
admin.site.site_title = _("Chỉ tiêu administration")
admin.site.index_title = _("Trees, plans, reports and users")
