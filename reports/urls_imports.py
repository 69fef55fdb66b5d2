from django.urls import path

from reports.views import imports

app_name = "imports"

urlpatterns = [
    path("", imports.import_page, name="upload"),
    path("template/", imports.template_download, name="template"),
    path("<uuid:token>/", imports.import_preview, name="preview"),
    path("<uuid:token>/confirm/", imports.import_confirm, name="confirm"),
]
