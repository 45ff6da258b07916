from django.urls import path

from . import views, workflows

app_name = "ambassadors"
urlpatterns = [
    path("", views.AmbassadorListView.as_view(), name="ambassador_list"),
    path("new/", views.AmbassadorCreateView.as_view(), name="ambassador_create"),
    path("<int:pk>/", views.AmbassadorDetailView.as_view(), name="ambassador_detail"),
    path("<int:pk>/edit/", views.AmbassadorUpdateView.as_view(), name="ambassador_update"),
    *workflows.AMBASSADOR.urls(),
]
