from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("request/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path("<int:pk>/approve/", views.MeetingApproveView.as_view(), name="meeting_approve"),
    path("<int:pk>/decline/", views.MeetingDeclineView.as_view(), name="meeting_decline"),
    path("<int:pk>/hold/", views.MeetingHoldView.as_view(), name="meeting_hold"),
    path("<int:pk>/cancel/", views.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("followups/", views.FollowUpListView.as_view(), name="followup_list"),
    path("followups/new/", views.FollowUpCreateView.as_view(), name="followup_create"),
    path("followups/<int:pk>/", views.FollowUpDetailView.as_view(), name="followup_detail"),
    path("followups/<int:pk>/edit/", views.FollowUpUpdateView.as_view(), name="followup_update"),
    path("followups/<int:pk>/complete/", views.FollowUpCompleteView.as_view(), name="followup_complete"),
    path("followups/<int:pk>/reopen/", views.FollowUpReopenView.as_view(), name="followup_reopen"),
]
