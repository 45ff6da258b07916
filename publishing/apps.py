from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_VIEW = {"publishing.view_workinggroup", "publishing.view_membership", "publishing.view_post",
         "publishing.view_revision"}
# Ambassadors write posts and propose changes to published ones (the working group's writers).
_WRITE = _VIEW | {"publishing.add_post", "publishing.change_post"}
# Coordinators and managers form the group, and review; whether they may decide on a given
# post is the group's editor role (publishing.services.is_editor), never their own writing.
_EDIT = _WRITE | {
    "publishing.add_workinggroup", "publishing.change_workinggroup",
    "publishing.add_membership", "publishing.change_membership", "publishing.delete_membership",
    "publishing.review_post", "publishing.review_revision",
}


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Information working group and Payesh")
    role_permissions = {
        Role.PROVINCIAL_MANAGER: _EDIT,
        Role.COORDINATOR: _EDIT,
        Role.AMBASSADOR: _WRITE,
        Role.BOARD_MEMBER: _VIEW,
    }

    def ready(self):
        from auditlog.registry import auditlog

        from . import checks  # noqa: F401  (registers the deploy check of the feeds' tag authority)
        from .models import Membership, Post, Revision, WorkingGroup

        auditlog.register(WorkingGroup, m2m_fields={"meetings"})
        auditlog.register(Membership)
        auditlog.register(Post, m2m_fields={"areas", "authors"})
        auditlog.register(Revision)

        from core.registry import RelatedSection, registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            menu=navigation.ITEMS,
            dashboard=dashboard,
            api="publishing.api.ROUTERS",
            demo="publishing.demo",
            related=[
                RelatedSection(on="publishing.WorkingGroup", model="publishing.Membership", via="group",
                               title=_("Members"), table="publishing.tables.MembershipTable", order=10,
                               add_label=_("Add a member"), select_related=("user", "group")),
                RelatedSection(on="publishing.WorkingGroup", model="meetings.Meeting", via="working_groups",
                               title=_("The group's meetings"), table="meetings.tables.MeetingTable", order=20,
                               list_filter="", ordering=("-proposed_date",), select_related=("organization",),
                               prefetch_related=("areas",)),
                RelatedSection(on="publishing.Post", model="publishing.Revision", via="post", title=_("Versions"),
                               table="publishing.tables.RevisionTable", order=10,
                               select_related=("created_by", "decided_by")),
            ],
        )
