import datetime

from django.test import TestCase
from django.utils import timezone

from accounts.testing import bearer, make_user, sign_in
from ambassadors.models import Ambassador
from areas.models import Area
from audit.models import AuditEntry
from core import jalali
from core.normalize import search_key
from core.roles import Role
from core.services import WorkflowError
from geo.testing import make_province
from recruitment import services
from recruitment.choices import CandidateStatus, KeywordTarget
from recruitment.models import Candidate, TalentKeyword
from recruitment.talent import talent_search
from retirees.testing import make_child, make_retiree


def keyword(area, word, weight=1, target=KeywordTarget.ANY):
    return TalentKeyword.objects.create(area=area, keyword=word, key=search_key(word), target=target, weight=weight)


class TalentSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran, cls.isfahan = make_province("23"), make_province("10")
        cls.health = Area.objects.get(slug="health")
        keyword(cls.health, "پرستار", 3)
        keyword(cls.health, "بهداشت عمومی", 2)  # typed with a space; the roster has a half-space
        keyword(cls.health, "دکتری", 1, KeywordTarget.EDUCATION)
        cls.nurse = make_retiree(cls.tehran, consent_contact=True, field_of_study="پرستاری", specialty="پرستار",
                                 education="doctorate", last_name="الف")
        cls.hygienist = make_retiree(cls.tehran, consent_contact=True, field_of_study="بهداشت\u200cعمومي",
                                     specialty="کارمند", education="diploma", last_name="ب")
        cls.no_consent = make_retiree(cls.tehran, consent_contact=False, field_of_study="پرستاری")
        cls.engineer = make_retiree(cls.tehran, consent_contact=True, field_of_study="عمران", specialty="مهندس",
                                    education="bachelor")
        cls.elsewhere = make_retiree(cls.isfahan, consent_contact=True, field_of_study="پرستاری")
        parent = make_retiree(cls.tehran, consent_contact=False, consent_children=True, field_of_study="حقوق", specialty="قاضی")
        cls.child = make_child(parent, field_of_study="پرستاری", education="bachelor", consent_contact=True)
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)

    def test_ranked_with_reasons_in_the_users_province(self):
        matches = talent_search(self.coordinator, self.health)
        people = [match.person for match in matches]
        self.assertEqual(people[0], self.nurse)  # field + specialty + doctorate
        self.assertEqual(set(people), {self.nurse, self.hygienist, self.child})
        self.assertGreater(matches[0].score, matches[-1].score)
        reasons = " ".join(matches[0].reasons)
        self.assertIn("پرستاری", reasons)
        self.assertIn("«دکتری»", reasons)

    def test_half_space_and_arabic_letters_do_not_matter(self):
        match = next(m for m in talent_search(self.coordinator, self.health) if m.person == self.hygienist)
        self.assertIn("بهداشت عمومی", " ".join(match.reasons))

    def test_children_appear_as_their_own_candidate_type(self):
        match = next(m for m in talent_search(self.coordinator, self.health) if m.person == self.child)
        self.assertEqual(match.kind, "child")

    def test_people_in_the_pipeline_or_who_declined_are_left_out(self):
        candidate = services.candidate_identify(self.nurse, self.health, self.coordinator)
        services.candidate_decline(candidate, self.coordinator, notes="نمی‌خواهد")
        services.candidate_identify(self.hygienist, Area.objects.get(slug="family"), self.coordinator)
        people = {m.person for m in talent_search(self.coordinator, self.health)}
        self.assertEqual(people, {self.child})

    def test_page_and_api_add_the_chosen_people(self):
        sign_in(self.client, self.coordinator)
        page = self.client.get("/recruitment/talent/", {"area": self.health.pk})
        self.assertContains(page, f'value="retiree:{self.nurse.pk}"')
        self.assertNotContains(page, f'value="retiree:{self.no_consent.pk}"')
        response = self.client.post("/recruitment/talent/add/", {"area": self.health.pk, "person": [
            f"retiree:{self.nurse.pk}", f"child:{self.child.pk}", f"retiree:{self.elsewhere.pk}"]})
        self.assertRedirects(response, f"/recruitment/board/?area={self.health.pk}")
        self.assertEqual({c.person for c in Candidate.objects.all()}, {self.nurse, self.child})
        self.assertIn("پرستاری", Candidate.objects.get(retiree=self.nurse).reason)
        api = self.client.get("/api/talent-search", {"area": self.health.pk}, headers=bearer(self.coordinator)).json()
        self.assertEqual([item["id"] for item in api], [self.hygienist.pk])


    def test_results_come_25_to_a_page_with_actions_on_every_row_and_reasons_in_words(self):
        for number in range(30):
            make_retiree(self.tehran, consent_contact=True, field_of_study="پرستاری", last_name=f"پرستار {number:02d}")
        sign_in(self.client, self.coordinator)
        first = self.client.get("/recruitment/talent/", {"area": self.health.pk})
        body = first.content.decode()
        self.assertEqual(body.count('name="person"'), 25)
        self.assertEqual(body.count('name="only"'), 25)  # "add" on every row
        self.assertEqual(body.count("افزودن افراد انتخاب‌شده به جریان جذب"), 2)  # above and below the list
        self.assertIn(f"?area={self.health.pk}&amp;page=2", body)
        self.assertNotIn("امتیاز", body)  # no bare "match score"
        self.assertTrue("کلیدواژهٔ این حوزه جور است" in body)  # "matches 1 of this area's 3 keywords"
        second = self.client.get("/recruitment/talent/", {"area": self.health.pk, "page": 2}).content.decode()
        self.assertEqual(second.count('name="person"'), 33 - 25)
        # A row's own button adds that person only, whatever else is ticked.
        response = self.client.post("/recruitment/talent/add/", {
            "area": self.health.pk, "only": f"child:{self.child.pk}", "person": [f"retiree:{self.nurse.pk}"]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual([c.person for c in Candidate.objects.all()], [self.child])


class PipelineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.health = Area.objects.get(slug="health")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)
        cls.ambassador = make_user(Role.AMBASSADOR, cls.tehran)
        cls.retiree = make_retiree(cls.tehran, code="0013542419", mobile="09121234567", consent_contact=True,
                                   consent_children=True, first_name="حسین", last_name="رضایی", gender="male")

    def identify(self, person=None, **kwargs):
        return services.candidate_identify(person or self.retiree, self.health, self.coordinator, **kwargs)

    def test_steps_are_dated_with_notes_and_responsible(self):
        day = timezone.localdate() - datetime.timedelta(days=2)
        candidate = self.identify(responsible=self.ambassador, on=day - datetime.timedelta(days=5))
        services.candidate_contact(candidate, self.ambassador, on=day, notes="تماس تلفنی")
        steps = list(candidate.steps.values_list("status", "happened_on", "notes", "responsible"))
        self.assertEqual(steps[-1], ("contacted", day, "تماس تلفنی", self.ambassador.pk))
        self.assertEqual(AuditEntry.objects.filter(additional_data__event="candidate_contacted").count(), 1)

    def test_wrong_order_is_refused_and_the_api_answers_409(self):
        candidate = self.identify()
        with self.assertRaises(WorkflowError):
            services.candidate_onboard(candidate, self.coordinator)
        response = self.client.post(f"/api/candidates/{candidate.pk}/interest", {}, content_type="application/json",
                                    headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 409)
        with self.assertRaises(WorkflowError):
            services.candidate_contact(candidate, self.coordinator, on=timezone.localdate() + datetime.timedelta(days=1))

    def test_onboarding_creates_an_ambassador_linked_to_the_roster_record(self):
        candidate = self.identify()
        services.candidate_contact(candidate, self.coordinator)
        services.candidate_interest(candidate, self.coordinator)
        sign_in(self.client, self.coordinator)
        earlier = jalali.format_date(timezone.localdate() - datetime.timedelta(days=1))
        response = self.client.post(f"/recruitment/{candidate.pk}/onboard/", {"on": earlier})
        self.assertIn("پیش از", " ".join(response.context["form"].non_field_errors()))  # before the last step
        today = jalali.format_date(timezone.localdate())  # in Persian digits, as the picker writes it
        response = self.client.post(f"/recruitment/{candidate.pk}/onboard/", {"on": today, "notes": "خوش آمد"})
        self.assertRedirects(response, candidate.get_absolute_url())
        candidate.refresh_from_db()
        ambassador = Ambassador.objects.get()
        self.assertEqual((candidate.status, candidate.ambassador), (CandidateStatus.ONBOARDED, ambassador))
        self.assertEqual((ambassador.retiree, ambassador.national_code, ambassador.mobile), (self.retiree, "0013542419", "09121234567"))
        self.assertEqual((str(ambassador), ambassador.status, list(ambassador.areas.all())), ("حسین رضایی", "active", [self.health]))

    def test_onboarding_a_child_asks_for_their_national_code(self):
        child = make_child(self.retiree)
        candidate = self.identify(child)
        services.candidate_contact(candidate, self.coordinator)
        services.candidate_interest(candidate, self.coordinator)
        response = self.client.post(f"/api/candidates/{candidate.pk}/onboard", {}, content_type="application/json",
                                    headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 409)
        response = self.client.post(f"/api/candidates/{candidate.pk}/onboard", {"national_code": "۰۰۸۴۵۷۵۹۴۸", "gender": "female"},
                                    content_type="application/json", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Ambassador.objects.get().candidacy, candidate)

    def test_no_consent_no_candidate(self):
        quiet = make_retiree(self.tehran, consent_contact=False)
        with self.assertRaises(WorkflowError):
            self.identify(quiet)
        response = self.client.post("/api/candidates", {"area": self.health.pk, "retiree": quiet.pk},
                                    content_type="application/json", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 409)

    def test_ambassadors_see_only_candidates_assigned_to_them(self):
        mine = self.identify(responsible=self.ambassador)
        other = self.identify(make_retiree(self.tehran, consent_contact=True))
        sign_in(self.client, self.ambassador)
        self.assertEqual(self.client.get(mine.get_absolute_url()).status_code, 200)
        self.assertEqual(self.client.get(other.get_absolute_url()).status_code, 404)
        board = self.client.get("/recruitment/board/", {"area": self.health.pk})
        self.assertContains(board, mine.get_absolute_url())
        self.assertNotContains(board, other.get_absolute_url())
        ids = [item["id"] for item in self.client.get("/api/candidates", headers=bearer(self.ambassador)).json()["items"]]
        self.assertEqual(ids, [mine.pk])
        self.assertEqual(self.client.get(f"/retirees/{self.retiree.pk}/").status_code, 403)

    def test_board_shows_each_step_as_a_column(self):
        candidate = self.identify()
        services.candidate_contact(candidate, self.coordinator)
        sign_in(self.client, self.coordinator)
        response = self.client.get("/recruitment/board/", {"area": self.health.pk})
        columns = {column.status: column for column in response.context["columns"]}
        self.assertEqual(columns["contacted"].cards, [candidate])
        self.assertEqual((columns["contacted"].count, columns["contacted"].more_url), (1, None))
        self.assertEqual(columns["identified"].cards, [])

    def test_a_long_column_shows_its_newest_cards_and_links_to_the_rest(self):
        from recruitment import views

        first, second, third = (self.identify(make_retiree(self.tehran, consent_contact=True)) for _ in range(3))
        Candidate.objects.filter(pk=first.pk).update(updated_at=timezone.now() - datetime.timedelta(days=2))
        sign_in(self.client, self.coordinator)
        original = views.BOARD_CARDS
        views.BOARD_CARDS = 2
        try:
            response = self.client.get("/recruitment/board/", {"area": self.health.pk})
        finally:
            views.BOARD_CARDS = original
        column = next(column for column in response.context["columns"] if column.status == "identified")
        self.assertEqual((column.count, len(column.cards)), (3, 2))
        self.assertNotIn(first, column.cards)
        self.assertEqual(column.more_url, f"/recruitment/?area={self.health.pk}&status=identified")
        self.assertContains(response, "همهٔ ۳ نفر")
        listed = self.client.get(column.more_url)
        self.assertEqual(listed.context["result_count"], 3)

    def test_keywords_are_kept_by_national_admins(self):
        sign_in(self.client, self.coordinator)
        self.assertEqual(self.client.get("/recruitment/keywords/new/").status_code, 403)
        admin = make_user(Role.NATIONAL_ADMIN)
        sign_in(self.client, admin)
        response = self.client.post("/recruitment/keywords/new/", {"area": self.health.pk, "keyword": "پزشك", "target": "any", "weight": "2"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(TalentKeyword.objects.get().key, "پزشک")
        again = self.client.post("/recruitment/keywords/new/", {"area": self.health.pk, "keyword": "پزشک", "target": "any", "weight": "1"})
        self.assertIn("keyword", again.context["form"].errors)
