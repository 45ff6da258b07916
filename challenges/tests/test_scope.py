from django.test import TestCase

from accounts.testing import make_user
from areas.testing import make_area
from challenges.choices import ChallengeStatus
from challenges.models import Action, Challenge, PriorityRound
from challenges.testing import make_action, make_challenge, make_round
from core.roles import Role
from core.testing import ScopeChecks


class ChallengeScopeTests(ScopeChecks, TestCase):
    model = Challenge
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "accept", "merge", "reject")
    collection_actions = ("list", "create")
    api_path = "/api/challenges"
    api_actions = {"accept": {"note": ""}, "reject": {"reason": "خارج از برنامه"}}
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_challenge(province, status=ChallengeStatus.REPORTED)

    def api_payload(self, province):
        return {"province": province.pk, "area": make_area().pk, "title": "کمبود سالن ورزشی ویژهٔ سالمندان",
                "description": "شرح", "not_a_copy": True}


class SupportScopeTests(ScopeChecks, TestCase):
    model = Challenge
    allowed_role = Role.AMBASSADOR
    object_actions = ("detail", "support", "withdraw")
    api_path = "/api/challenges"
    api_actions = {"support": {}, "withdraw": {}}

    @classmethod
    def make_object(cls, province):
        if not PriorityRound.objects.filter(province=province).exists():
            make_round(province)
        return make_challenge(province)


class PriorityRoundScopeTests(ScopeChecks, TestCase):
    model = PriorityRound
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "close")
    collection_actions = ("list", "create")
    api_path = "/api/priority-rounds"
    api_actions = {"close": {}}

    @classmethod
    def make_object(cls, province):
        return make_round(province)


class ActionScopeTests(ScopeChecks, TestCase):
    model = Action
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "progress", "drop")
    collection_actions = ("list", "create")
    api_path = "/api/actions"
    api_actions = {"progress": {"progress": 40, "on": "1405/08/01"}, "drop": {"reason": "دیگر لازم نیست"}}
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_action(province, area=make_area())

    def api_payload(self, province):
        owner = make_user(Role.COORDINATOR, province)
        return {"province": province.pk, "title": "برگزاری کارگاه در شهرستان‌ها", "owner": owner.pk,
                "due_date": "1405-12-01"}
