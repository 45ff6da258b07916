from django.test import TestCase

from core.roles import Role
from core.testing import ScopeChecks
from partners.models import Organization
from sponsorship.models import Pledge, Receipt
from sponsorship.testing import make_pledge, make_receipt


class PledgeScopeTests(ScopeChecks, TestCase):
    model = Pledge
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "receive", "close", "cancel", "letter")
    get_only_actions = ("detail", "letter")
    collection_actions = ("list", "create", "totals")
    api_path = "/api/pledges"
    api_extra_paths = ("/api/pledges/totals",)
    api_actions = {
        "receive": {"received_on": "1405/08/20", "value_rials": 1000, "description": "واریز"},
        "close": {"note": "بسته شد"},
        "cancel": {"reason": "لغو"},
    }
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_pledge(province)

    def api_payload(self, province):
        sponsor = Organization.objects.get(province=province)
        return {"sponsor": sponsor.pk, "kind": "venue", "value_rials": 30_000_000, "purpose": "سالن همایش",
                "pledged_on": "1405/08/15"}


class ReceiptScopeTests(ScopeChecks, TestCase):
    model = Receipt
    allowed_role = Role.COORDINATOR
    object_actions = ("detail",)
    collection_actions = ("list",)
    api_path = "/api/receipts"
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_receipt(province)
