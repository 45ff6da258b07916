import datetime

from django.test import TestCase

from accounts.testing import make_user, sign_in
from core import jalali
from core.roles import Role
from core.testing import linked_pks, monthly_figures
from geo.testing import make_province
from meetings.choices import FollowUpStatus, MeetingOutcome, MeetingStatus
from meetings.models import Meeting
from meetings.testing import make_followup, make_meeting

# Mehr 1405: 2026-09-23 … 2026-10-22.
YEAR, MONTH = 1405, 7
FIRST, LAST = jalali.month_bounds(YEAR, MONTH)


class MeetingsMonthlySectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.away = make_province("23"), make_province("10")
        inside = datetime.datetime(2026, 10, 1, 10, tzinfo=datetime.UTC)
        cls.requested = make_meeting(cls.home)
        Meeting.objects.filter(pk=cls.requested.pk).update(created_at=inside)
        # Held on the month's first and last days; one the day after, one in another province.
        cls.held = [
            make_meeting(cls.home, status=MeetingStatus.HELD, held_on=FIRST, outcome=MeetingOutcome.SUPPORT_PLEDGED),
            make_meeting(cls.home, status=MeetingStatus.HELD, held_on=LAST),
        ]
        cls.later = make_meeting(cls.home, status=MeetingStatus.HELD, held_on=LAST + datetime.timedelta(days=1))
        make_meeting(cls.away, status=MeetingStatus.HELD, held_on=FIRST)
        cls.done = make_followup(cls.home, meeting=cls.held[0], status=FollowUpStatus.DONE, completed_on=LAST,
                                 due_date=LAST)
        cls.overdue = make_followup(cls.home, meeting=cls.held[0], due_date=LAST - datetime.timedelta(days=3))
        make_followup(cls.home, meeting=cls.held[0], due_date=LAST + datetime.timedelta(days=3))

    def test_figures_count_the_month_of_the_province(self):
        figures = monthly_figures("meetings", self.home, YEAR, MONTH)
        self.assertEqual(figures["requested"].value, 1)
        self.assertEqual(figures["held"].value, 2)
        self.assertEqual(figures["outcome.support_pledged"].value, 1)
        self.assertEqual(figures["outcome.follow_up_needed"].value, 1)
        self.assertEqual(figures["followups_done"].value, 1)
        self.assertEqual(figures["followups_overdue"].value, 1)

    def test_links_list_the_records_behind_the_figures(self):
        sign_in(self.client, make_user(Role.NATIONAL_ADMIN))
        figures = monthly_figures("meetings", self.home, YEAR, MONTH)
        from meetings.models import FollowUp

        self.assertEqual(linked_pks(self.client, figures["held"].url, Meeting), {m.pk for m in self.held})
        self.assertEqual(linked_pks(self.client, figures["requested"].url, Meeting), {self.requested.pk})
        self.assertEqual(linked_pks(self.client, figures["followups_done"].url, FollowUp), {self.done.pk})
        self.assertEqual(linked_pks(self.client, figures["followups_overdue"].url, FollowUp), {self.overdue.pk})
