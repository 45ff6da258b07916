"""The meeting workflow (D5) through the pages and the API: legal moves, and illegal ones that
are refused with a message (pages) or a 4xx (API) while nothing changes."""
import datetime
from io import StringIO

from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from accounts.testing import bearer, make_user, sign_in
from ambassadors.testing import make_ambassador
from core.roles import Role
from geo.testing import make_province
from meetings import services
from meetings.choices import FollowUpStatus, MeetingOutcome, MeetingStatus
from meetings.models import FollowUp, Meeting
from meetings.testing import make_followup, make_meeting
from notifications.choices import NotificationStatus
from notifications.models import Notification
from partners.testing import make_contact, make_organization

TODAY = timezone.localdate


def jalali(date):
    from core.jalali import format_date

    return format_date(date, persian_digits=False)


def events(obj) -> list[str]:
    return list(
        LogEntry.objects.get_for_object(obj).filter(additional_data__has_key="event")
        .order_by("timestamp").values_list("additional_data__event", flat=True)
    )


class MeetingWorkflowTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.agency = make_organization(cls.province, name="اداره کل بهزیستی تهران")
        cls.manager = make_user(Role.PROVINCIAL_MANAGER, cls.province, username="manager")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province, username="coordinator")
        cls.ambassador = make_user(Role.AMBASSADOR, cls.province, username="ambassador", first_name="رضا", last_name="امینی")
        cls.profile = make_ambassador(cls.province, status="active", user=cls.ambassador)

    def post_api(self, url, user, payload=None):
        return self.client.post(url, payload or {}, content_type="application/json", headers=bearer(user))

    def snapshot(self, meeting):
        meeting.refresh_from_db()
        return (meeting.status, meeting.decided_at, meeting.manager_accompanies, meeting.held_on, meeting.outcome,
                meeting.followups.count())


class RequestTests(MeetingWorkflowTestCase):
    def test_ambassador_requests_through_the_page_and_managers_are_told(self):
        sign_in(self.client, self.ambassador)
        form = self.client.get("/meetings/request/", {"organization": self.agency.pk})
        self.assertContains(form, f'value="{self.profile.pk}" id="id_our_attendees_0" checked')  # their own profile
        proposed = TODAY() + datetime.timedelta(days=4)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/meetings/request/", {
                "organization": self.agency.pk, "purpose": "معرفی طرح", "proposed_date": jalali(proposed),
                "our_attendees": [self.profile.pk],
            })
        meeting = Meeting.objects.get()
        self.assertRedirects(response, meeting.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(
            (meeting.status, meeting.created_by, meeting.proposed_date), (MeetingStatus.REQUESTED, self.ambassador, proposed)
        )
        notification = Notification.objects.get(recipient=self.manager)
        self.assertIn(self.agency.name, notification.subject)
        self.assertEqual(notification.link, meeting.get_absolute_url())
        self.assertEqual(notification.status, NotificationStatus.SENT)

    def test_a_request_is_for_a_date_to_come(self):
        sign_in(self.client, self.ambassador)
        yesterday = TODAY() - datetime.timedelta(days=1)
        response = self.client.post("/meetings/request/", {
            "organization": self.agency.pk, "purpose": "x", "proposed_date": jalali(yesterday),
        })
        self.assertEqual(response.status_code, 200)
        self.assertIn("proposed_date", response.context["form"].errors)
        self.assertFalse(Meeting.objects.exists())

    def test_api_request_answers_201_and_validates_like_the_page(self):
        proposed = TODAY() + datetime.timedelta(days=3)
        payload = {"organization": self.agency.pk, "purpose": "معرفی طرح", "proposed_date": jalali(proposed)}
        response = self.post_api("/api/meetings", self.ambassador, payload)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["status"], "requested")
        response = self.post_api("/api/meetings", self.ambassador, {**payload, "proposed_date": "1300/01/01"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"][-1], "proposed_date")

    def test_someone_working_in_some_areas_files_requests_only_in_those(self):
        from areas.models import Area

        health, family = Area.objects.get(slug="health"), Area.objects.get(slug="family")
        restricted = make_user(Role.AMBASSADOR, self.province, areas=[health])
        proposed = jalali(TODAY() + datetime.timedelta(days=2))
        payload = {"organization": self.agency.pk, "purpose": "x", "proposed_date": proposed, "areas": [family.pk]}
        response = self.post_api("/api/meetings", restricted, payload)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"][-1], "areas")
        response = self.post_api("/api/meetings", restricted, {**payload, "areas": [health.pk]})
        self.assertEqual(response.status_code, 201)
        sign_in(self.client, restricted)
        self.assertEqual(self.client.get(f"/meetings/{response.json()['id']}/").status_code, 200)

    def test_a_request_is_edited_only_while_it_awaits_approval(self):
        meeting = make_meeting(self.province, organization=self.agency, status=MeetingStatus.APPROVED)
        sign_in(self.client, self.ambassador)
        response = self.client.get(f"/meetings/{meeting.pk}/edit/", follow=True)
        self.assertRedirects(response, meeting.get_absolute_url())
        self.assertContains(response, "فقط درخواستی که در انتظار تأیید است ویرایش می‌شود")
        response = self.client.patch(f"/api/meetings/{meeting.pk}", {"purpose": "تغییر"}, content_type="application/json",
                                     headers=bearer(self.ambassador))
        self.assertEqual(response.status_code, 409)
        meeting.refresh_from_db()
        self.assertEqual(meeting.purpose, "معرفی طرح سفیران")


class ApprovalTests(MeetingWorkflowTestCase):
    def test_manager_approves_with_accompaniment_and_one_audit_row(self):
        meeting = make_meeting(self.province, organization=self.agency, created_by=self.ambassador)
        sign_in(self.client, self.manager)
        page = self.client.get(meeting.get_absolute_url())
        self.assertContains(page, f"/meetings/{meeting.pk}/approve/")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/meetings/{meeting.pk}/approve/", {"accompany": "on", "comment": "هماهنگ شود"})
        self.assertRedirects(response, meeting.get_absolute_url(), fetch_redirect_response=False)
        meeting.refresh_from_db()
        self.assertEqual(
            (meeting.status, meeting.manager_accompanies, meeting.decided_by), (MeetingStatus.APPROVED, True, self.manager)
        )
        self.assertEqual(events(meeting), ["meeting_approve"])
        self.assertTrue(Notification.objects.filter(recipient=self.ambassador, subject__contains=self.agency.name).exists())

    def test_non_managers_cannot_approve_on_the_page_or_through_the_api(self):
        for user in (self.ambassador, self.coordinator, make_user(Role.BOARD_MEMBER, self.province)):
            meeting = make_meeting(self.province, organization=self.agency)
            before = self.snapshot(meeting)
            sign_in(self.client, user)
            self.assertNotContains(self.client.get(meeting.get_absolute_url()), f"/meetings/{meeting.pk}/approve/")
            self.assertEqual(self.client.get(f"/meetings/{meeting.pk}/approve/").status_code, 403)
            self.assertEqual(self.client.post(f"/meetings/{meeting.pk}/approve/", {"accompany": "on"}).status_code, 403)
            self.assertEqual(self.post_api(f"/api/meetings/{meeting.pk}/approve", user, {"accompany": True}).status_code, 403)
            self.assertEqual(self.post_api(f"/api/meetings/{meeting.pk}/decline", user, {"comment": "x"}).status_code, 403)
            self.assertEqual(self.snapshot(meeting), before)
            self.assertEqual(events(meeting), [])

    def test_a_decided_request_cannot_be_decided_again(self):
        meeting = make_meeting(self.province, organization=self.agency, status=MeetingStatus.DECLINED)
        before = self.snapshot(meeting)
        sign_in(self.client, self.manager)
        page = self.client.get(f"/meetings/{meeting.pk}/approve/")
        self.assertContains(page, "قبلاً تصمیم گرفته شده")
        self.assertNotContains(page, 'type="submit" class="btn btn-success')
        response = self.client.post(f"/meetings/{meeting.pk}/approve/", {})
        self.assertContains(response, "قبلاً تصمیم گرفته شده")
        response = self.post_api(f"/api/meetings/{meeting.pk}/approve", self.manager)
        self.assertEqual(response.status_code, 409)
        self.assertIn("ردشده", response.json()["detail"])
        self.assertEqual(self.snapshot(meeting), before)

    def test_decline_needs_a_comment(self):
        meeting = make_meeting(self.province, organization=self.agency)
        sign_in(self.client, self.manager)
        response = self.client.post(f"/meetings/{meeting.pk}/decline/", {"comment": ""})
        self.assertIn("comment", response.context["form"].errors)
        self.assertEqual(self.post_api(f"/api/meetings/{meeting.pk}/decline", self.manager, {"comment": ""}).status_code, 422)
        self.assertEqual(self.snapshot(meeting)[0], MeetingStatus.REQUESTED)
        response = self.post_api(f"/api/meetings/{meeting.pk}/decline", self.manager, {"comment": "ماه بعد"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual((response.json()["status"], response.json()["decision_comment"]), ("declined", "ماه بعد"))

    def test_the_database_refuses_a_decision_without_its_time(self):
        meeting = make_meeting(self.province, organization=self.agency)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.APPROVED)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Meeting.objects.filter(pk=meeting.pk).update(manager_accompanies=True)


class HoldTests(MeetingWorkflowTestCase):
    def hold_data(self, **overrides):
        contact = make_contact(self.agency)
        return {
            "held_on": jalali(TODAY()), "minutes": "طرح معرفی شد.", "outcome": MeetingOutcome.FOLLOW_UP_NEEDED,
            "our_attendees": [self.profile.pk], "their_attendees": [contact.pk],
            "followup_description": "ارسال فهرست کارگاه‌ها", "followup_owner": self.ambassador.pk,
            "followup_due_date": jalali(TODAY() + datetime.timedelta(days=7)), **overrides,
        }

    def test_an_unapproved_meeting_cannot_be_held_on_the_page_or_through_the_api(self):
        meeting = make_meeting(self.province, organization=self.agency)
        before = self.snapshot(meeting)
        sign_in(self.client, self.ambassador)
        self.assertNotContains(self.client.get(meeting.get_absolute_url()), f"/meetings/{meeting.pk}/hold/")
        page = self.client.get(f"/meetings/{meeting.pk}/hold/")
        self.assertContains(page, "این جلسه هنوز تأیید نشده است")
        self.assertNotContains(page, 'name="minutes"')
        response = self.client.post(f"/meetings/{meeting.pk}/hold/", self.hold_data())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "این جلسه هنوز تأیید نشده است")
        payload = {**self.hold_data(), "followup_owner": self.ambassador.pk}
        response = self.post_api(f"/api/meetings/{meeting.pk}/hold", self.ambassador, payload)
        self.assertEqual(response.status_code, 409)
        self.assertIn("تأیید نشده", response.json()["detail"])
        self.assertEqual(self.snapshot(meeting), before)
        self.assertFalse(FollowUp.objects.exists())
        self.assertEqual(events(meeting), [])

    def test_ambassador_records_an_approved_meeting_as_held_with_a_follow_up(self):
        meeting = make_meeting(self.province, organization=self.agency, status=MeetingStatus.APPROVED,
                               proposed_date=TODAY())
        sign_in(self.client, self.ambassador)
        form = self.client.get(f"/meetings/{meeting.pk}/hold/")
        persian = jalali(TODAY()).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        self.assertContains(form, f'value="{persian}"')  # held on: the approved date, when it has come, in Persian digits
        data = self.hold_data()
        response = self.client.post(f"/meetings/{meeting.pk}/hold/", data)
        self.assertRedirects(response, meeting.get_absolute_url(), fetch_redirect_response=False)
        meeting.refresh_from_db()
        self.assertEqual((meeting.status, meeting.held_on, meeting.outcome), (MeetingStatus.HELD, TODAY(), "follow_up_needed"))
        self.assertEqual([c.pk for c in meeting.their_attendees.all()], data["their_attendees"])
        followup = FollowUp.objects.get()
        self.assertEqual((followup.owner, followup.status, followup.created_by), (self.ambassador, "open", self.ambassador))
        self.assertEqual(events(meeting), ["meeting_hold"])
        self.assertContains(self.client.get(meeting.get_absolute_url()), "ارسال فهرست کارگاه‌ها")

    def test_follow_up_needed_requires_the_follow_up_and_dates_cannot_be_in_the_future(self):
        meeting = make_meeting(self.province, organization=self.agency, status=MeetingStatus.APPROVED)
        sign_in(self.client, self.ambassador)
        no_follow_up = self.hold_data(followup_description="", followup_due_date="")
        response = self.client.post(f"/meetings/{meeting.pk}/hold/", no_follow_up)
        self.assertIn("followup_description", response.context["form"].errors)
        tomorrow = jalali(TODAY() + datetime.timedelta(days=1))
        response = self.client.post(f"/meetings/{meeting.pk}/hold/", self.hold_data(held_on=tomorrow))
        self.assertIn("held_on", response.context["form"].errors)
        self.assertContains(response, "ارسال فهرست کارگاه‌ها")  # typed input is kept
        self.assertEqual(self.snapshot(meeting)[0], MeetingStatus.APPROVED)

    def test_the_manager_decides_with_the_request_in_view(self):
        meeting = make_meeting(self.province, organization=self.agency, purpose="معرفی طرح به مدیرکل")
        manager = make_user(Role.PROVINCIAL_MANAGER, self.province)
        sign_in(self.client, manager)
        for step in ("approve", "decline"):
            page = self.client.get(f"/meetings/{meeting.pk}/{step}/")
            self.assertContains(page, "معرفی طرح به مدیرکل")
            self.assertContains(page, str(self.agency))
            self.assertContains(page, jalali(meeting.proposed_date).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))

    def test_a_meeting_with_no_result_saves_with_the_owner_left_prefilled(self):
        """The owner box is filled in for convenience; it alone does not start a follow-up."""
        meeting = make_meeting(self.province, organization=self.agency, status=MeetingStatus.APPROVED)
        sign_in(self.client, self.ambassador)
        data = self.hold_data(outcome="no_result", followup_description="", followup_due_date="",
                              followup_owner=self.ambassador.pk)
        response = self.client.post(f"/meetings/{meeting.pk}/hold/", data)
        self.assertRedirects(response, meeting.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(self.snapshot(meeting)[0], MeetingStatus.HELD)
        self.assertFalse(FollowUp.objects.exists())

    def test_a_long_form_with_errors_lists_them_at_the_top_with_links(self):
        meeting = make_meeting(self.province, organization=self.agency, status=MeetingStatus.APPROVED)
        sign_in(self.client, self.ambassador)
        response = self.client.post(f"/meetings/{meeting.pk}/hold/", self.hold_data(minutes="", followup_due_date=""))
        page = response.content.decode()
        self.assertIn('class="alert alert-danger error-summary"', page)
        self.assertIn(f'href="#{response.context["form"]["minutes"].id_for_label}"', page)

    def test_api_hold_validates_with_the_page_form_then_holds(self):
        meeting = make_meeting(self.province, organization=self.agency, status=MeetingStatus.APPROVED)
        response = self.post_api(f"/api/meetings/{meeting.pk}/hold", self.ambassador, self.hold_data(outcome="maybe"))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"][-1], "outcome")
        response = self.post_api(f"/api/meetings/{meeting.pk}/hold", self.ambassador, self.hold_data())
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "held")
        self.assertEqual(self.post_api(f"/api/meetings/{meeting.pk}/hold", self.ambassador, self.hold_data()).status_code, 409)

    def test_cancel_needs_a_reason_and_only_before_it_is_held(self):
        meeting = make_meeting(self.province, organization=self.agency, status=MeetingStatus.APPROVED)
        sign_in(self.client, self.ambassador)
        self.assertIn("reason", self.client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": ""}).context["form"].errors)
        self.assertEqual(self.post_api(f"/api/meetings/{meeting.pk}/cancel", self.ambassador, {"reason": " "}).status_code, 422)
        self.client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "مأموریت مدیر"})
        self.assertEqual(self.snapshot(meeting)[0], MeetingStatus.CANCELLED)
        held = make_meeting(self.province, organization=self.agency, status=MeetingStatus.HELD)
        self.assertEqual(self.post_api(f"/api/meetings/{held.pk}/cancel", self.ambassador, {"reason": "x"}).status_code, 409)


class FollowUpTests(MeetingWorkflowTestCase):
    def test_complete_then_reopen_and_complete_twice_is_refused(self):
        followup = make_followup(self.province, owner=self.ambassador)
        sign_in(self.client, self.ambassador)
        self.client.post(f"/meetings/followups/{followup.pk}/complete/", {"note": "انجام شد"})
        followup.refresh_from_db()
        self.assertEqual(
            (followup.status, followup.completed_by, followup.completed_on), (FollowUpStatus.DONE, self.ambassador, TODAY())
        )
        response = self.post_api(f"/api/followups/{followup.pk}/complete", self.ambassador)
        self.assertEqual(response.status_code, 409)
        response = self.post_api(f"/api/followups/{followup.pk}/reopen", self.ambassador, {"reason": "کامل نبود"})
        self.assertEqual(response.json()["status"], "open")
        self.assertEqual(events(followup), ["followup_complete", "followup_reopen"])

    def test_follow_ups_belong_to_held_meetings(self):
        approved = make_meeting(self.province, organization=self.agency, status=MeetingStatus.APPROVED)
        payload = {"meeting": approved.pk, "description": "x", "owner": self.ambassador.pk, "due_date": jalali(TODAY())}
        response = self.client.post("/api/followups", payload, content_type="application/json", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 422)

    def test_owner_must_be_of_the_meetings_province(self):
        meeting = make_meeting(self.province, organization=self.agency, status=MeetingStatus.HELD)
        outsider = make_user(Role.AMBASSADOR, make_province("10"))
        admin = make_user(Role.NATIONAL_ADMIN)
        payload = {"meeting": meeting.pk, "description": "x", "owner": outsider.pk, "due_date": jalali(TODAY())}
        response = self.client.post("/api/followups", payload, content_type="application/json", headers=bearer(admin))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"][-1], "owner")


class OverdueTests(MeetingWorkflowTestCase):
    def test_overdue_follow_ups_are_listed_on_the_dashboard(self):
        three_days = datetime.timedelta(days=3)
        late = make_followup(self.province, owner=self.ambassador, description="تماس با مدیرکل", due_date=TODAY() - three_days)
        make_followup(self.province, owner=self.ambassador, description="کاری برای بعد", due_date=TODAY() + three_days)
        for user in (self.ambassador, self.manager, make_user(Role.BOARD_MEMBER, self.province)):
            sign_in(self.client, user)
            page = self.client.get("/").content.decode()
            self.assertIn("پیگیری‌های عقب‌افتاده", page)
            self.assertIn(late.get_absolute_url(), page)
            self.assertIn("۳ روز تأخیر", page)
            self.assertNotIn("کاری برای بعد", page)
        listed = self.client.get("/meetings/followups/", {"overdue": "true"}).context["table"].rows
        self.assertEqual([row.record for row in listed], [late])

    def test_reminders_go_through_the_outbox_once_a_day(self):
        late = make_followup(self.province, owner=self.ambassador, due_date=TODAY() - datetime.timedelta(days=2))
        make_followup(self.province, owner=self.coordinator, due_date=TODAY() + datetime.timedelta(days=1))
        done = make_followup(self.province, owner=self.coordinator, due_date=TODAY() - datetime.timedelta(days=9))
        services.followup_complete(done, self.coordinator)
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_followup_reminders", stdout=out)
        self.assertIn("1", out.getvalue())
        reminder = Notification.objects.get()
        self.assertEqual((reminder.recipient, reminder.status), (self.ambassador, NotificationStatus.SENT))
        self.assertIn("۲ روز", reminder.body)
        self.assertEqual(reminder.link, late.get_absolute_url())
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_followup_reminders", stdout=StringIO())
        self.assertEqual(Notification.objects.count(), 1)  # the same day: nothing new
        services.followup_send_reminders(today=TODAY() + datetime.timedelta(days=2))
        self.assertEqual(Notification.objects.count(), 3)  # two days on: both late ones, once each
