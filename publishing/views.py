from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from core.views import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView, ObjectUpdateView

from . import content, selectors, workflows
from .choices import RevisionStatus
from .filters import MembershipFilterSet, PostFilterSet, RevisionFilterSet, WorkingGroupFilterSet
from .forms import MembershipForm, PostForm, WorkingGroupForm
from .models import Membership, Post, Revision, WorkingGroup
from .tables import MembershipTable, PostTable, RevisionTable, WorkingGroupTable


class WorkingGroupListView(ObjectListView):
    model = WorkingGroup
    table_class = WorkingGroupTable
    filterset_class = WorkingGroupFilterSet
    related_lists = (("publishing:membership_list", "publishing.view_membership", gettext_lazy("Members")),
                     ("publishing:post_list", "publishing.view_post", gettext_lazy("Posts")))

    def get_queryset(self):
        return super().get_queryset().select_related("province")


class WorkingGroupDetailView(ObjectDetailView):
    model = WorkingGroup
    fields = ("province", "name", "description", "created_by", "created_at")


class WorkingGroupCreateView(ObjectCreateView):
    model = WorkingGroup
    form_class = WorkingGroupForm


class WorkingGroupUpdateView(ObjectUpdateView):
    model = WorkingGroup
    form_class = WorkingGroupForm


class MembershipListView(ObjectListView):
    model = Membership
    table_class = MembershipTable
    filterset_class = MembershipFilterSet
    search_placeholder = gettext_lazy("Name…")

    def get_queryset(self):
        return super().get_queryset().select_related("user", "group")


class MembershipDetailView(ObjectDetailView):
    model = Membership
    fields = ("group", "user", "role", "created_by", "created_at")


class MembershipCreateView(ObjectCreateView):
    model = Membership
    form_class = MembershipForm
    prefill_from_query = ("group",)


class MembershipUpdateView(ObjectUpdateView):
    model = Membership
    form_class = MembershipForm


class MembershipDeleteView(ObjectDeleteView):
    model = Membership


class PostListView(ObjectListView):
    model = Post
    table_class = PostTable
    filterset_class = PostFilterSet
    search_placeholder = gettext_lazy("Title, summary…")
    related_lists = (("publishing:workinggroup_list", "publishing.view_workinggroup", gettext_lazy("Working groups")),
                     ("publishing:revision_list", "publishing.view_revision", gettext_lazy("Revisions")))

    def get_queryset(self):
        return super().get_queryset().select_related("province").prefetch_related("areas")


class PostDetailView(ObjectDetailView):
    model = Post
    workflow = workflows.POST

    def get_fields(self):
        fields = ["kind", "status", "province", "summary", "created_by", "created_at"]
        post = self.object
        if post.submitted_at:
            fields.append("submitted_at")
        if post.reviewed_at:
            fields += ["reviewed_by", "reviewed_at", "review_comment"]
        if post.publish_at:
            fields.append("publish_at")
        if post.published_at:
            fields.append("published_at")
        if post.archived_at:
            fields.append("archived_at")
        return fields

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        context["body_html"] = content.safe_html(post.body)
        context["areas"] = list(post.areas.all())
        context["authors"] = [user.get_full_name() or user.username for user in post.authors.all()]
        context["pending"] = post.revisions.filter(status=RevisionStatus.PENDING).first()
        context["public_url"] = post.public_url() if selectors.is_live(post) else ""
        return context


class PostCreateView(ObjectCreateView):
    model = Post
    form_class = PostForm
    workflow = workflows.POST

    @property
    def success_message(self):
        return gettext_lazy("The draft is saved. Send it for review when it is ready.")


class PostUpdateView(ObjectUpdateView):
    model = Post
    form_class = PostForm
    workflow = workflows.POST


class RevisionListView(ObjectListView):
    model = Revision
    table_class = RevisionTable
    filterset_class = RevisionFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("post", "created_by", "decided_by")


class RevisionDetailView(ObjectDetailView):
    model = Revision
    workflow = workflows.REVISION
    fields = ("post", "number", "status", "title", "summary", "cover_alt", "note", "created_by", "created_at",
              "decided_by", "decided_at", "decision_comment")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["body_html"] = content.safe_html(self.object.body)
        context["live"] = self.object.post
        context["live_body_html"] = content.safe_html(self.object.post.body)
        # What this version changes against the live post (sanitised text, escaped in the template).
        context["field_changes"] = content.field_changes(self.object.post, self.object)
        context["body_diff"] = content.text_diff(self.object.post.body, self.object.body)
        context["body_changed"] = any(line["kind"] not in ("same", "folded") for line in context["body_diff"])
        return context


@login_required
def post_cover(request, pk):
    """The cover image, for those who may see the post."""
    if not request.user.has_perm("publishing.view_post"):
        raise PermissionDenied
    post = get_object_or_404(Post.objects.visible_to(request.user), pk=pk)
    if not post.cover_image:
        raise Http404
    return FileResponse(post.cover_image.open("rb"))
