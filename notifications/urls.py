from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="notification_list"),
    path("<int:pk>/", views.NotificationDetailView.as_view(), name="notification_detail"),
    path("read-all/", views.mark_all_read, name="notification_read_all"),
]
