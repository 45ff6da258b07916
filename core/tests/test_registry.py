"""core.registry: each app's contributions, registered once in its AppConfig.ready()."""
import datetime

from django.test import RequestFactory, TestCase

from accounts.testing import make_user
from core.registry import FeedItem, MonthlySection, Registry, RelatedSection, registry
from core.roles import Role
from geo.testing import make_province
from meetings.testing import make_meeting
from partners.testing import make_organization


class RegistryTests(TestCase):
    def test_every_app_contributes_in_installed_order(self):
        labels = [part.app_label for part in registry.contributions()]
        for label in ("accounts", "partners", "meetings", "media", "sponsorship", "retirees", "recruitment"):
            self.assertIn(label, labels)
        self.assertLess(labels.index("partners"), labels.index("meetings"))

    def test_an_app_contributes_once(self):
        local = Registry()
        local.contribute("x")
        with self.assertRaises(ValueError):
            local.contribute("x")

    def test_api_routers_and_demo_modules_are_resolved(self):
        prefixes = [prefix for prefix, _router in registry.api_routers()]
        self.assertIn("/meetings", prefixes)
        self.assertEqual(len(prefixes), len(set(prefixes)))
        modules = dict(registry.demo_modules())
        self.assertTrue(hasattr(modules["accounts"], "seed"))

    def test_related_sections_are_declared_by_the_owning_app_and_scoped(self):
        province = make_province()
        organization = make_organization(province)
        make_meeting(province, organization=organization)
        other = make_meeting(make_province("10"))
        request = RequestFactory().get("/")
        request.user = make_user(Role.COORDINATOR, province)
        blocks = {block.title: block for block in registry.related_sections(organization, request)}
        self.assertEqual(blocks["جلسه‌ها"].count, 1)
        self.assertIn(f"organization={organization.pk}", blocks["جلسه‌ها"].list_url)
        self.assertNotIn(other, list(blocks["جلسه‌ها"].table.data))
        request.user = make_user(Role.BOARD_MEMBER, province)
        titles = [block.title for block in registry.related_sections(organization, request)]
        self.assertIn("جلسه‌ها", titles)

    def test_related_section_declarations_name_their_pages(self):
        sections = [section for part in registry.contributions() for section in part.related]
        self.assertTrue(sections)
        for section in sections:
            self.assertIsInstance(section, RelatedSection)
            self.assertEqual(section.on.count("."), 1)

    def test_monthly_sections_and_feed_items_are_collected_in_order(self):
        local = Registry()
        local.contribute("b", monthly=lambda province, year, month: [MonthlySection("second", [], order=2)])
        local.contribute("a", monthly=lambda province, year, month: [MonthlySection("first", [], order=1)])
        when = datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC)
        local.contribute("c", feed=lambda since: [FeedItem("old", "", "/1", when - datetime.timedelta(days=1)),
                                                  FeedItem("new", "", "/2", when)])
        self.assertEqual([section.title for section in local.monthly_sections(None, 1405, 9)], ["first", "second"])
        self.assertEqual([item.title for item in local.feed_items()], ["new", "old"])
