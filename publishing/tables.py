import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import WIDE_ONLY, JalaliDateTimeColumn, ManyColumn, SafiranTable

from .models import Membership, Post, Revision, WorkingGroup


class WorkingGroupTable(SafiranTable):
    name = tables.Column(linkify=True)

    class Meta(SafiranTable.Meta):
        model = WorkingGroup
        fields = ["name", "province"]
        sequence = fields


class MembershipTable(SafiranTable):
    member = tables.Column(verbose_name=_("person"), accessor="pk", linkify=lambda record: record.get_absolute_url(),
                           order_by=("user__last_name",))

    class Meta(SafiranTable.Meta):
        model = Membership
        fields = ["member", "role", "group"]
        sequence = fields

    def render_member(self, record):
        return record.user.get_full_name() or record.user.username

    def value_member(self, record):
        return self.render_member(record)


class PostTable(SafiranTable):
    title = tables.Column(linkify=True)
    areas = ManyColumn(verbose_name=_("areas"), attrs=WIDE_ONLY)
    province = tables.Column(attrs=WIDE_ONLY, default=_("National"))
    publish_at = JalaliDateTimeColumn(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Post
        fields = ["title", "kind", "status", "province", "areas", "publish_at"]
        sequence = fields


class RevisionTable(SafiranTable):
    version = tables.Column(verbose_name=_("version"), accessor="number", linkify=lambda record: record.get_absolute_url())
    created_by = tables.Column(verbose_name=_("written by"))

    class Meta(SafiranTable.Meta):
        model = Revision
        fields = ["version", "title", "status", "created_by", "created_at", "decided_by"]
        sequence = fields

    def render_version(self, value):
        from core.display import number

        return number(value)
