import django_filters
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.filters import SafiranFilterSet, visible
from geo.models import Province

from .choices import MemberRole, PostKind, PostStatus, RevisionStatus
from .models import Membership, Post, Revision, WorkingGroup


class WorkingGroupFilterSet(SafiranFilterSet):
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    search_fields = WorkingGroup.search_fields

    class Meta:
        model = WorkingGroup
        fields = ["q", "province"]


class MembershipFilterSet(SafiranFilterSet):
    group = django_filters.ModelChoiceFilter(queryset=visible(WorkingGroup), label=_("working group"))
    role = django_filters.ChoiceFilter(choices=MemberRole.choices, label=_("role in the group"))
    search_fields = Membership.search_fields

    class Meta:
        model = Membership
        fields = ["q", "group", "role"]


class PostFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=PostStatus.choices, label=_("status"))
    kind = django_filters.ChoiceFilter(choices=PostKind.choices, label=_("kind"))
    area = django_filters.ModelChoiceFilter(field_name="areas", queryset=visible(Area), label=_("area"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    search_fields = Post.search_fields

    class Meta:
        model = Post
        fields = ["q", "status", "kind", "area", "province"]


class RevisionFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=RevisionStatus.choices, label=_("status"))
    post = django_filters.ModelChoiceFilter(queryset=visible(Post), label=_("post"))
    search_fields = Revision.search_fields

    class Meta:
        model = Revision
        fields = ["q", "status", "post"]
