from django.urls import path

from . import views, workflows

app_name = "meetings"
urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("calendar/", views.MeetingCalendarView.as_view(), name="calendar"),
    path("request/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    *workflows.MEETING.urls(),
    path("followups/", views.FollowUpListView.as_view(), name="followup_list"),
    path("followups/new/", views.FollowUpCreateView.as_view(), name="followup_create"),
    path("followups/<int:pk>/", views.FollowUpDetailView.as_view(), name="followup_detail"),
    path("followups/<int:pk>/edit/", views.FollowUpUpdateView.as_view(), name="followup_update"),
    *workflows.FOLLOWUP.urls("followups/"),
]
