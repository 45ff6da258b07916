from django.test import TestCase

from areas.models import Area
from core.roles import Role
from core.testing import ScopeChecks
from recruitment import services
from recruitment.models import Candidate, TalentKeyword
from retirees.testing import make_retiree


class CandidateScopeTests(ScopeChecks, TestCase):
    model = Candidate
    allowed_role = Role.COORDINATOR
    forbidden_role = Role.BOARD_MEMBER
    object_actions = ("detail", "contact", "decline")
    collection_actions = ("list", "board")
    api_path = "/api/candidates"

    @classmethod
    def make_object(cls, province):
        retiree = make_retiree(province, consent_contact=True)
        return services.candidate_identify(retiree, Area.objects.get(slug="health"), None)


class TalentKeywordScopeTests(ScopeChecks, TestCase):
    model = TalentKeyword
    allowed_role = Role.COORDINATOR
    forbidden_role = Role.AMBASSADOR
    scoped = False
    object_actions = ("detail",)
    collection_actions = ("list",)
    api_path = "/api/talent-keywords"

    @classmethod
    def make_object(cls, province):
        return TalentKeyword.objects.create(area=Area.objects.get(slug="health"), keyword=f"پرستار{province.code}",
                                            key=f"پرستار{province.code}")
