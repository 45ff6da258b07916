import datetime

from django.test import TestCase
from django.utils import timezone

from core.roles import Role
from core.testing import ScopeChecks
from meetings.choices import MeetingStatus
from meetings.models import FollowUp, Meeting
from meetings.testing import make_followup, make_meeting
from partners.models import Organization


class MeetingScopeTests(ScopeChecks, TestCase):
    model = Meeting
    allowed_role = Role.PROVINCIAL_MANAGER
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "approve", "decline", "hold", "cancel")
    collection_actions = ("list", "create")
    api_path = "/api/meetings"
    api_actions = {
        "approve": {"accompany": True},
        "decline": {"comment": "نه"},
        "hold": {"held_on": "1405/08/20", "minutes": "صورت‌جلسه", "outcome": "no_result"},
        "cancel": {"reason": "لغو"},
    }
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_meeting(province)

    def api_payload(self, province):
        organization = Organization.objects.filter(province=province).first()
        proposed = timezone.localdate() + datetime.timedelta(days=2)
        return {"organization": organization.pk, "purpose": "درخواست همکاری", "proposed_date": proposed.isoformat()}


class FollowUpScopeTests(ScopeChecks, TestCase):
    model = FollowUp
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "complete", "reopen")
    collection_actions = ("list", "create")
    api_path = "/api/followups"
    api_actions = {"complete": {"note": "انجام شد"}, "reopen": {"reason": "ناتمام"}}
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_followup(province)

    def api_payload(self, province):
        meeting = Meeting.objects.filter(organization__province=province, status=MeetingStatus.HELD).first()
        return {"meeting": meeting.pk, "description": "تماس دوباره", "owner": self.home_user.pk,
                "due_date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat()}
