"""RSS, Atom and JSON Feed, parsed back (ElementTree / json): published posts only, per
province, area and nationally, each post under one id forever."""
import json
import xml.etree.ElementTree as ET

from django.core.cache import cache
from django.test import TestCase, override_settings

from areas.testing import make_area
from geo.testing import make_province
from publishing.choices import PostStatus
from publishing.testing import make_post

ATOM = "{http://www.w3.org/2005/Atom}"


@override_settings(PAYESH_CACHE_SECONDS=0)
class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran, cls.isfahan = make_province("23"), make_province("10")
        cls.health, cls.environment = make_area("health", "سلامت"), make_area("environment", "محیط زیست")
        cls.post = make_post(cls.tehran, status=PostStatus.PUBLISHED, areas=[cls.health], title="خبر تهران")
        cls.other = make_post(cls.isfahan, status=PostStatus.PUBLISHED, areas=[cls.environment], title="خبر اصفهان")
        cls.national = make_post(None, status=PostStatus.PUBLISHED, title="خبر ملی")
        cls.draft = make_post(cls.tehran, status=PostStatus.DRAFT, title="پیش‌نویس")

    def setUp(self):
        cache.clear()

    def rss(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/rss+xml"))
        channel = ET.fromstring(response.content).find("channel")
        return {item.findtext("title"): item for item in channel.findall("item")}

    def atom(self, url):
        response = self.client.get(url)
        self.assertTrue(response["Content-Type"].startswith("application/atom+xml"))
        feed = ET.fromstring(response.content)
        return {entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")}

    def json_feed(self, url):
        response = self.client.get(url)
        self.assertTrue(response["Content-Type"].startswith("application/feed+json"))
        feed = json.loads(response.content)
        self.assertEqual(feed["version"], "https://jsonfeed.org/version/1.1")
        return {item["title"]: item for item in feed["items"]}

    def test_the_whole_programme_in_three_formats_with_one_id_per_post(self):
        tag = f"tag:safiran.local,2026:post-{self.post.pk}"
        items = self.rss("/payesh/feed.rss")
        self.assertEqual(set(items), {"خبر تهران", "خبر اصفهان", "خبر ملی"})
        item = items["خبر تهران"]
        self.assertEqual(item.findtext("guid"), tag)
        self.assertEqual(item.find("guid").get("isPermaLink"), "false")
        self.assertTrue(item.findtext("link").endswith(f"/payesh/posts/{self.post.pk}/"))
        self.assertEqual([c.text for c in item.findall("category")], ["سلامت"])
        entries = self.atom("/payesh/feed.atom")
        self.assertEqual(entries["خبر تهران"].findtext(f"{ATOM}id"), tag)
        json_items = self.json_feed("/payesh/feed.json")
        self.assertEqual(json_items["خبر تهران"]["id"], tag)
        self.assertTrue(json_items["خبر تهران"]["url"].startswith("http://testserver/payesh/posts/"))
        # The id survives an edit and another host.
        self.post.title = "خبر تهران (ویرایش)"
        self.post.save()
        items = self.rss("/payesh/feed.rss")
        self.assertEqual(items["خبر تهران (ویرایش)"].findtext("guid"), tag)
        response = self.client.get("/payesh/feed.json", headers={"host": "localhost"})
        self.assertIn(tag, {item["id"] for item in json.loads(response.content)["items"]})

    def test_per_province_area_and_national(self):
        self.assertEqual(set(self.rss("/payesh/province/23/feed.rss")), {"خبر تهران"})
        self.assertEqual(set(self.atom("/payesh/province/10/feed.atom")), {"خبر اصفهان"})
        self.assertEqual(set(self.json_feed("/payesh/area/environment/feed.json")), {"خبر اصفهان"})
        self.assertEqual(set(self.rss("/payesh/area/health/feed.rss")), {"خبر تهران"})
        self.assertEqual(set(self.json_feed("/payesh/national/feed.json")), {"خبر ملی"})
        self.assertEqual(self.client.get("/payesh/province/99/feed.rss").status_code, 404)
        self.assertEqual(self.client.get("/payesh/area/nothing/feed.atom").status_code, 404)

    def test_nothing_unpublished_reaches_a_feed(self):
        for url in ("/payesh/feed.rss", "/payesh/feed.atom", "/payesh/feed.json", "/payesh/province/23/feed.rss"):
            with self.subTest(url=url):
                self.assertNotIn("پیش‌نویس", self.client.get(url).content.decode())
