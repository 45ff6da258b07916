from django.urls import path

from . import views

app_name = "ambassadors"
urlpatterns = [
    path("", views.AmbassadorListView.as_view(), name="ambassador_list"),
    path("new/", views.AmbassadorCreateView.as_view(), name="ambassador_create"),
    path("<int:pk>/", views.AmbassadorDetailView.as_view(), name="ambassador_detail"),
    path("<int:pk>/edit/", views.AmbassadorUpdateView.as_view(), name="ambassador_update"),
    path("<int:pk>/deactivate/", views.AmbassadorDeactivateView.as_view(), name="ambassador_deactivate"),
    path("<int:pk>/activate/", views.AmbassadorActivateView.as_view(), name="ambassador_activate"),
]
