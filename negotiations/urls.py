from django.urls import path

from . import api, editor_views, exports, feeds, intake, views

urlpatterns = [
    path("", views.negotiation_list, name="negotiation_list"),
    path("n/<slug:slug>/", views.negotiation_detail, name="negotiation_detail"),
    path("n/<slug:slug>/timeline/", views.timeline, name="timeline"),
    path("n/<slug:slug>/positions/", views.positions, name="positions"),
    path("n/<slug:slug>/positions/<int:party_id>/<int:issue_id>/", views.position_cell, name="position_cell"),
    path("n/<slug:slug>/proposals/", views.proposal_list, name="proposal_list"),
    path("n/<slug:slug>/proposals/add/", views.proposal_add, name="proposal_add"),
    path("n/<slug:slug>/proposals/<int:pk>/merge/", views.proposal_merge, name="proposal_merge"),
    path("n/<slug:slug>/proposals/<int:pk>/<int:party_id>/", views.proposal_cell, name="proposal_cell"),
    path("n/<slug:slug>/articles/", views.article_list, name="article_list"),
    path("n/<slug:slug>/articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("n/<slug:slug>/articles/<int:pk>/add/", views.statement_add, name="statement_add"),
    path("n/<slug:slug>/statements/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("n/<slug:slug>/statements/<int:pk>/edit/", views.statement_edit, name="statement_edit"),
    path("n/<slug:slug>/statements/<int:pk>/review/", views.statement_review, name="statement_review"),
    *editor_views.urlpatterns,
    *intake.urlpatterns,
    path("n/<slug:slug>/queue/", views.review, name="review"),
    path("n/<slug:slug>/queue/<int:pk>/", views.review_set, name="review_set"),
    path("n/<slug:slug>/queue/<int:pk>/confirm/", views.review_confirm, name="review_confirm"),
    path("n/<slug:slug>/queue/<int:pk>/same/", views.review_same, name="review_same"),
    *feeds.urlpatterns,
    *exports.urlpatterns,
    *api.urlpatterns,
]
