"""Factories for tests of meetings and follow-ups."""
import datetime

from django.utils import timezone

from accounts.testing import make_user
from core.roles import Role
from partners.testing import make_organization

from .choices import MeetingOutcome, MeetingStatus
from .models import FollowUp, Meeting


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
