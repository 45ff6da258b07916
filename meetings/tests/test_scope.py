import datetime

from django.test import TestCase
from django.utils import timezone

from accounts.choices import Role
from core.testing import ScopeChecks, make_user
from meetings.choices import MeetingOutcome, MeetingStatus
from meetings.models import FollowUp, Meeting
from partners.models import Organization
from partners.tests.test_scope import make_organization


def make_meeting(province, organization=None, status=MeetingStatus.REQUESTED, **fields):
    """A meeting in `status`, its fields consistent with the database rules."""
    if organization is None:
        organization = make_organization(province, name=f"اداره کل فرهنگ و ارشاد {province.name} {Meeting.objects.count()}")
    today = timezone.localdate()
    defaults = {"purpose": "معرفی طرح سفیران", "proposed_date": today + datetime.timedelta(days=5)}
    if status != MeetingStatus.REQUESTED:
        defaults["decided_at"] = timezone.now()
    if status == MeetingStatus.HELD:
        defaults.update(proposed_date=today - datetime.timedelta(days=10), held_on=today - datetime.timedelta(days=10),
                        outcome=MeetingOutcome.FOLLOW_UP_NEEDED, minutes="صورت‌جلسه")
    if status == MeetingStatus.DECLINED:
        defaults["decision_comment"] = "فعلاً نه"
    if status == MeetingStatus.CANCELLED:
        defaults["cancel_reason"] = "لغو شد"
    return Meeting.objects.create(organization=organization, status=status, **{**defaults, **fields})


def make_followup(province, meeting=None, owner=None, **fields):
    meeting = meeting or make_meeting(province, status=MeetingStatus.HELD)
    owner = owner or make_user(Role.AMBASSADOR, province)
    due = timezone.localdate() + datetime.timedelta(days=3)
    defaults = {"description": f"ارسال برنامهٔ کارگاه‌ها {province.code}", "due_date": due}
    return FollowUp.objects.create(meeting=meeting, owner=owner, **{**defaults, **fields})


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
