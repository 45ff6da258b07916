"""The sanitiser, alt text and the national-code / mobile patterns refused in public posts."""
from django.test import SimpleTestCase

from publishing import content


class SanitiserTests(SimpleTestCase):
    def test_scripts_handlers_and_dangerous_links_are_removed(self):
        dirty = ('<p onclick="steal()">سلام<script>alert(1)</script></p><style>p{}</style>'
                 '<a href="javascript:alert(1)">پیوند</a><iframe src="https://x.example"></iframe>'
                 '<img src="/a.png" alt="عکس" onerror="x()"><form><input></form>')
        clean = content.sanitize(dirty)
        for bad in ("script", "onclick", "onerror", "javascript:", "iframe", "<style", "<form", "<input"):
            self.assertNotIn(bad, clean)
        self.assertIn("<p>سلام</p>", clean)
        self.assertIn('alt="عکس"', clean)

    def test_allowed_structure_is_kept_and_links_get_rel(self):
        clean = content.sanitize('<h2>عنوان</h2><ul><li>یک</li></ul><a href="https://example.org">منبع</a>')
        self.assertIn("<h2>عنوان</h2><ul><li>یک</li></ul>", clean)
        self.assertIn('rel="noopener noreferrer"', clean)

    def test_images_need_alt_text(self):
        self.assertIsNotNone(content.check_images('<p><img src="/a.png"></p>'))
        self.assertIsNotNone(content.check_images('<p><img src="/a.png" alt="  "></p>'))
        self.assertIsNone(content.check_images('<p><img src="/a.png" alt="کارگاه تغذیه"></p>'))

    def test_images_come_from_this_site(self):
        for source in ("https://tracker.example/a.png", "//tracker.example/a.png", ""):
            with self.subTest(source=source):
                self.assertIsNotNone(content.check_images(f'<p><img src="{source}" alt="عکس"></p>'))


class ForbiddenNumberTests(SimpleTestCase):
    REFUSED = [
        "0012345678", "۰۰۱۲۳۴۵۶۷۸", "٠٠١٢٣٤٥٦٧٨", "001-234567-8", "۰۰۱-۲۳۴۵۶۷-۸", "001 234567 8",
        "کد ملی ۱۲۳۴۵۶۷۸۹۰ است", "09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "0912 123 4567", "0912-123-4567", "+989121234567",
        "+98 912 123 4567", "00989121234567", "989121234567", "۹۱۲۱۲۳۴۵۶۷",
    ]
    ALLOWED = [
        "سال ۱۴۰۵", "۱۲٬۵۰۰٬۰۰۰ ریال", "12,500,000", "تلفن دفتر 021-88776655", "۶۰ نفر در ۳ جلسه",
        "10 20 30 40 50", "123456789012345", "شمارهٔ نامه ۱۴۰۵/۲۳۴۵",
    ]

    def test_shapes_of_codes_and_mobiles_are_found(self):
        for text in self.REFUSED:
            with self.subTest(text=text):
                self.assertTrue(content.forbidden_numbers(text), text)

    def test_ordinary_numbers_pass(self):
        for text in self.ALLOWED:
            with self.subTest(text=text):
                self.assertEqual(content.forbidden_numbers(text), [], text)

    def test_tags_do_not_hide_a_code_and_attributes_are_read(self):
        self.assertIn("body", content.check_private_data(body="<p><b>001</b>2345678</p>"))
        self.assertIn("body", content.check_private_data(body='<p><img src="/a.png" alt="کد 0012345678"></p>'))
        self.assertIn("body", content.check_private_data(body='<p><a href="https://x.example/?m=09121234567">x</a></p>'))
        self.assertEqual(content.check_private_data(body="<p>سلام</p>", title="خبر", summary="خلاصه"), {})

    def test_the_message_is_persian_and_names_what_was_found(self):
        from django.utils import translation

        with translation.override("fa"):
            error = content.check_private_data(summary="تماس: ۰۹۱۲۱۲۳۴۵۶۷")["summary"]
        self.assertIn("۰۹۱۲۱۲۳۴۵۶۷", error.messages[0])
        self.assertIn("کد ملی", error.messages[0])
