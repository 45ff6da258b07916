from django.urls import path

from . import views, workflows

app_name = "challenges"
urlpatterns = [
    path("", views.ChallengeListView.as_view(), name="challenge_list"),
    path("new/", views.ChallengeCreateView.as_view(), name="challenge_create"),
    path("<int:pk>/", views.ChallengeDetailView.as_view(), name="challenge_detail"),
    path("<int:pk>/edit/", views.ChallengeUpdateView.as_view(), name="challenge_update"),
    *workflows.CHALLENGE.urls(),
    path("rounds/", views.PriorityRoundListView.as_view(), name="priorityround_list"),
    path("rounds/new/", views.PriorityRoundCreateView.as_view(), name="priorityround_create"),
    path("rounds/<int:pk>/", views.PriorityRoundDetailView.as_view(), name="priorityround_detail"),
    *workflows.ROUND.urls("rounds/"),
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    path("actions/new/", views.ActionCreateView.as_view(), name="action_create"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action_detail"),
    path("actions/<int:pk>/edit/", views.ActionUpdateView.as_view(), name="action_update"),
    *workflows.ACTION.urls("actions/"),
    path("national/", views.RollupView.as_view(), name="rollup"),
]
