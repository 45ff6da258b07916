from django.urls import path

from . import views, workflows

app_name = "publishing"
urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("new/", views.PostCreateView.as_view(), name="post_create"),
    path("<int:pk>/", views.PostDetailView.as_view(), name="post_detail"),
    path("<int:pk>/edit/", views.PostUpdateView.as_view(), name="post_update"),
    path("<int:pk>/cover/", views.post_cover, name="post_cover"),
    *workflows.POST.urls(),
    path("revisions/", views.RevisionListView.as_view(), name="revision_list"),
    path("revisions/<int:pk>/", views.RevisionDetailView.as_view(), name="revision_detail"),
    *workflows.REVISION.urls("revisions/"),
    path("groups/", views.WorkingGroupListView.as_view(), name="workinggroup_list"),
    path("groups/new/", views.WorkingGroupCreateView.as_view(), name="workinggroup_create"),
    path("groups/<int:pk>/", views.WorkingGroupDetailView.as_view(), name="workinggroup_detail"),
    path("groups/<int:pk>/edit/", views.WorkingGroupUpdateView.as_view(), name="workinggroup_update"),
    path("members/", views.MembershipListView.as_view(), name="membership_list"),
    path("members/new/", views.MembershipCreateView.as_view(), name="membership_create"),
    path("members/<int:pk>/", views.MembershipDetailView.as_view(), name="membership_detail"),
    path("members/<int:pk>/edit/", views.MembershipUpdateView.as_view(), name="membership_update"),
    path("members/<int:pk>/delete/", views.MembershipDeleteView.as_view(), name="membership_delete"),
]
