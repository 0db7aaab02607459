from django.urls import path

from . import views

urlpatterns = [
    path("", views.negotiation_list, name="negotiation_list"),
    path("n/<slug:slug>/", views.negotiation_detail, name="negotiation_detail"),
]
