from django.urls import path

from . import public, views, workflows

app_name = "events"
urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("new/", views.EventCreateView.as_view(), name="event_create"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("<int:pk>/edit/", views.EventUpdateView.as_view(), name="event_update"),
    *workflows.EVENT.urls(),
    path("sessions/", views.SessionListView.as_view(), name="session_list"),
    path("sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", views.SessionUpdateView.as_view(), name="session_update"),
    *workflows.SESSION.urls("sessions/"),
    path("registrations/", views.RegistrationListView.as_view(), name="registration_list"),
    path("registrations/new/", views.RegistrationCreateView.as_view(), name="registration_create"),
    path("registrations/<int:pk>/", views.RegistrationDetailView.as_view(), name="registration_detail"),
    *workflows.REGISTRATION.urls("registrations/"),
    path("attendance/", views.AttendanceListView.as_view(), name="attendance_list"),
    path("attendance/<int:pk>/", views.AttendanceDetailView.as_view(), name="attendance_detail"),
    path("public/<int:pk>/", public.event_page, name="public_event"),
    path("public/registration/<str:code>/", public.registration_page, name="public_registration"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/feed/", views.CalendarFeedView.as_view(), name="calendar_feed_settings"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("bookings/", views.BookingListView.as_view(), name="booking_list"),
    path("bookings/<int:pk>/", views.BookingDetailView.as_view(), name="booking_detail"),
    path("spaces/", views.FacilityListView.as_view(), name="facility_list"),
    path("spaces/report/", views.FacilityCreateView.as_view(), name="facility_create"),
    path("spaces/<int:pk>/", views.FacilityDetailView.as_view(), name="facility_detail"),
    path("spaces/<int:pk>/edit/", views.FacilityUpdateView.as_view(), name="facility_update"),
    *workflows.FACILITY.urls("spaces/"),
]
