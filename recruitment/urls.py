from django.urls import path

from . import views, workflows

app_name = "recruitment"
urlpatterns = [
    path("", views.CandidateListView.as_view(), name="candidate_list"),
    path("board/", views.BoardView.as_view(), name="candidate_board"),
    path("talent/", views.TalentSearchView.as_view(), name="talent_search"),
    path("talent/add/", views.IdentifyView.as_view(), name="candidate_identify"),
    path("<int:pk>/", views.CandidateDetailView.as_view(), name="candidate_detail"),
    *workflows.CANDIDATE.urls(),
    path("keywords/", views.TalentKeywordListView.as_view(), name="talentkeyword_list"),
    path("keywords/new/", views.TalentKeywordCreateView.as_view(), name="talentkeyword_create"),
    path("keywords/<int:pk>/", views.TalentKeywordDetailView.as_view(), name="talentkeyword_detail"),
    path("keywords/<int:pk>/edit/", views.TalentKeywordUpdateView.as_view(), name="talentkeyword_update"),
    path("keywords/<int:pk>/delete/", views.TalentKeywordDeleteView.as_view(), name="talentkeyword_delete"),
]
