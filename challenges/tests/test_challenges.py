import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.testing import bearer, make_user, sign_in
from areas.testing import make_area
from challenges import selectors, services
from challenges.choices import ChallengeStatus
from challenges.models import Challenge, PriorityRound, Support
from challenges.testing import make_challenge, make_round
from core.roles import Role
from core.services import WorkflowError
from geo.testing import make_province
from notifications.models import Notification


class SimilarityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran, cls.isfahan = make_province("23"), make_province("10")
        cls.ambassador = make_user(Role.AMBASSADOR, cls.tehran)
        cls.existing = make_challenge(cls.tehran, title="کمبود مربی برای کارگاه‌های سالمندی",
                                      description="در شهرستان‌ها مربی نداریم")
        make_challenge(cls.isfahan, title="کمبود مربی برای کارگاه‌های سالمندی")

    def post(self, **extra):
        data = {"province": self.tehran.pk, "area": make_area().pk,
                "title": "كمبود مربي براي كارگاه هاي سالمندي", "description": "مربی پیدا نمی‌شود",
                "people_affected": "۱۲۰", "severity": 2, "impact": 3, "urgency": 3, "feasibility": 3, **extra}
        return self.client.post(reverse("challenges:challenge_create"), data)

    def test_arabic_letters_and_half_spaces_do_not_hide_a_copy(self):
        self.assertGreater(selectors.similarity("كمبود مربي براي كارگاه هاي سالمندي", self.existing.title), 0.6)
        self.assertLess(selectors.similarity("نبود سالن رایگان برای کلاس‌ها", self.existing.title), 0.35)

    def test_similar_challenges_are_suggested_before_saving_and_the_copy_is_filed_only_on_purpose(self):
        sign_in(self.client, self.ambassador)
        response = self.post()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.existing.get_absolute_url())
        self.assertEqual(Challenge.objects.filter(province=self.tehran).count(), 1)  # only in their province
        self.assertNotContains(response, "/challenges/2/")
        response = self.post(not_a_copy="on")
        self.assertEqual(Challenge.objects.filter(province=self.tehran).count(), 2)
        created = Challenge.objects.latest("pk")
        self.assertEqual((created.status, created.people_affected), (ChallengeStatus.REPORTED, 120))

    def test_the_api_answers_422_naming_the_similar_ones(self):
        payload = {"province": self.tehran.pk, "area": make_area().pk,
                   "title": "کمبود مربی کارگاه سالمندی", "description": "شرح"}
        response = self.client.post("/api/challenges", payload, content_type="application/json",
                                    headers=bearer(self.ambassador))
        self.assertEqual(response.status_code, 422)
        self.assertIn(self.existing.title, response.json()["detail"][0]["msg"])


class TriageAndSupportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)
        cls.ambassadors = [make_user(Role.AMBASSADOR, cls.tehran) for _ in range(2)]

    def test_triage_accepts_rejects_with_a_reason_and_refuses_a_second_triage(self):
        challenge = make_challenge(self.tehran, status=ChallengeStatus.REPORTED, created_by=self.ambassadors[0])
        sign_in(self.client, self.coordinator)
        response = self.client.post(reverse("challenges:challenge_reject", args=[challenge.pk]), {"reason": ""})
        self.assertEqual(response.status_code, 200)
        self.client.post(reverse("challenges:challenge_accept", args=[challenge.pk]), {"note": ""})
        challenge.refresh_from_db()
        self.assertEqual((challenge.status, challenge.triaged_by), (ChallengeStatus.OPEN, self.coordinator))
        response = self.client.post(f"/api/challenges/{challenge.pk}/reject", {"reason": "نه"},
                                    content_type="application/json", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 409)
        # Ambassadors may file and support, never triage.
        sign_in(self.client, self.ambassadors[0])
        other = make_challenge(self.tehran, status=ChallengeStatus.REPORTED)
        self.assertEqual(self.client.get(reverse("challenges:challenge_accept", args=[other.pk])).status_code, 403)

    def test_supports_are_counted_against_each_persons_allowance(self):
        round_ = make_round(self.tehran, supports_per_person=2)
        first, second, third = (make_challenge(self.tehran) for _ in range(3))
        person = self.ambassadors[0]
        sign_in(self.client, person)
        page = self.client.get(first.get_absolute_url())
        self.assertContains(page, "۲ از ۲ حمایت باقی مانده")
        self.client.post(reverse("challenges:challenge_support", args=[first.pk]), {})
        self.assertContains(self.client.get(second.get_absolute_url()), "۱ از ۲ حمایت باقی مانده")
        # Supporting twice is refused; so is a third support beyond the allowance.
        response = self.client.post(f"/api/challenges/{first.pk}/support", {}, content_type="application/json",
                                    headers=bearer(person))
        self.assertEqual(response.status_code, 409)
        services.challenge_support(second, person)
        response = self.client.post(f"/api/challenges/{third.pk}/support", {}, content_type="application/json",
                                    headers=bearer(person))
        self.assertEqual(response.status_code, 409)
        self.assertEqual(Support.objects.filter(round=round_, supporter=person).count(), 2)
        # Withdrawing gives one back.
        self.client.post(reverse("challenges:challenge_withdraw", args=[second.pk]), {})
        services.challenge_support(third, person)
        self.assertEqual(selectors.supports_used(round_, person), 2)

    def test_a_merge_tells_the_supporters_and_never_moves_their_supports(self):
        round_ = make_round(self.tehran, supports_per_person=1)
        original = make_challenge(self.tehran)
        copy = make_challenge(self.tehran, created_by=self.ambassadors[1])
        services.challenge_support(copy, self.ambassadors[0])
        Challenge.objects.filter(pk=copy.pk).update(status=ChallengeStatus.REPORTED)
        copy.refresh_from_db()
        services.challenge_merge(copy, self.coordinator, into=original, note="تکراری")
        copy.refresh_from_db()
        self.assertEqual((copy.status, copy.merged_into), (ChallengeStatus.MERGED, original))
        # The support stays where it was cast, and the original did not gain it.
        self.assertTrue(Support.objects.filter(challenge=copy, supporter=self.ambassadors[0]).exists())
        self.assertFalse(Support.objects.filter(challenge=original).exists())
        self.assertEqual(selectors.supports_used(round_, self.ambassadors[0]), 0)  # given back
        told = set(Notification.objects.filter(subject__contains=copy.title).values_list("recipient", flat=True))
        self.assertEqual(told, {self.ambassadors[0].pk, self.ambassadors[1].pk})
        services.challenge_support(original, self.ambassadors[0])  # they choose to support the original

    def test_closing_freezes_the_ranking_by_the_formula_on_screen(self):
        round_ = make_round(self.tehran)
        strong = make_challenge(self.tehran, impact=5, urgency=5, feasibility=1)   # 3·5 + 3·5 + 2·1 = 32
        supported = make_challenge(self.tehran, impact=4, urgency=4, feasibility=3)  # 12 + 12 + 6 = 30, + 3 supports
        for person in [*self.ambassadors, self.coordinator]:
            services.challenge_support(supported, person)
        services.round_close(round_, self.coordinator)
        round_.refresh_from_db()
        self.assertEqual([(row["id"], row["score"]) for row in round_.ranking], [(supported.pk, 33), (strong.pk, 32)])
        # After closing no support is taken, and the frozen ranking does not move.
        with self.assertRaises(WorkflowError):
            services.challenge_support(strong, self.ambassadors[0])
        Support.objects.create(round=round_, challenge=strong, supporter=self.ambassadors[0])
        self.assertEqual(selectors.ranking(round_)[0]["id"], supported.pk)
        sign_in(self.client, self.coordinator)
        page = self.client.get(round_.get_absolute_url())
        self.assertContains(page, "امتیاز = ۳ × اثر + ۳ × فوریت + ۲ × شدنی بودن + ۱ × حمایت‌ها")

    def test_rounds_past_their_time_are_closed_by_the_command(self):
        from io import StringIO

        from django.core.management import call_command

        due = make_round(self.tehran, closes_in=-datetime.timedelta(minutes=1))
        later = make_round(self.tehran, quarter=4, closes_in=datetime.timedelta(days=3))
        call_command("close_priority_rounds", stdout=StringIO())
        call_command("close_priority_rounds", stdout=StringIO())
        due.refresh_from_db()
        later.refresh_from_db()
        self.assertIsNotNone(due.closed_at)
        self.assertIsNone(later.closed_at)
        self.assertIsNone(selectors.open_round(self.tehran) if later.closes_at < timezone.now() else None)
        self.assertEqual(PriorityRound.objects.filter(closed_at__isnull=False).count(), 1)
