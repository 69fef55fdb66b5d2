from django.urls import path

from plans import views

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("<slug:slug>/implement/", views.plan_implement_view, name="plan_implement"),
]
