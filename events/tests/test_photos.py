"""A space's photo: only JPEG, PNG or WebP up to 8 MB and 40 million pixels (a decompression bomb
is refused from its header), stored re-encoded as a fresh JPEG (no EXIF, GPS or comments; at
most 1600 px a side), and served only to those who may see the space."""
import io
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from events.models import Facility
from events.testing import make_facility
from geo.testing import make_county, make_province

MEDIA = tempfile.mkdtemp(prefix="safiran-photos-")


def jpeg_with_gps(size=(3000, 2000)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotated; the stored photo is turned upright
    exif[0x8825] = {1: "N", 2: (35.0, 41.0, 0.0), 3: "E", 4: (51.0, 25.0, 0.0)}  # GPS
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif, comment=b"secret note")
    return output.getvalue()


@override_settings(MEDIA_ROOT=MEDIA)
class FacilityPhotoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.county = make_county(cls.province)
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def report(self, photo):
        sign_in(self.client, self.coordinator)
        data = {"name": "سالن فرهنگسرا", "province": self.province.pk, "county": self.county.pk,
                "address": "خیابان انقلاب", "seats": "۴۵", "free_times": "عصرها", "photo": photo}
        return self.client.post("/events/spaces/report/", data)

    def test_stored_re_encoded_without_metadata_and_bounded(self):
        response = self.report(SimpleUploadedFile("IMG_2041.jpg", jpeg_with_gps(), content_type="image/jpeg"))
        facility = Facility.objects.get()
        self.assertRedirects(response, facility.get_absolute_url(), fetch_redirect_response=False)
        self.assertRegex(facility.photo.name, r"^spaces/[0-9a-f]{32}\.jpg$")
        with facility.photo.open("rb") as handle:
            stored = handle.read()
        self.assertNotIn(b"CameraMaker", stored)
        self.assertNotIn(b"secret note", stored)
        with Image.open(io.BytesIO(stored)) as image:
            self.assertEqual(image.format, "JPEG")
            self.assertEqual(dict(image.getexif()), {})
            self.assertEqual(image.size, (1067, 1600))  # turned upright, then bounded
        page = self.client.get(facility.get_absolute_url())
        self.assertContains(page, f"/events/spaces/{facility.pk}/photo/")
        served = self.client.get(f"/events/spaces/{facility.pk}/photo/")
        self.assertEqual((served.status_code, served["Content-Type"]), (200, "image/jpeg"))
        self.assertEqual(b"".join(served.streaming_content), stored)
        api = self.client.get(f"/api/facilities/{facility.pk}", headers=bearer(self.coordinator)).json()
        self.assertEqual(api["photo_url"], f"/events/spaces/{facility.pk}/photo/")

    def test_a_decompression_bomb_is_refused_from_its_header(self):
        output = io.BytesIO()
        Image.new("1", (10_000, 10_000)).save(output, "PNG")  # 100 million pixels in a few KB
        self.assertLess(len(output.getvalue()), 100_000)
        response = self.report(SimpleUploadedFile("bomb.png", output.getvalue(), content_type="image/png"))
        self.assertContains(response, "بیش از حد بزرگ")
        self.assertFalse(Facility.objects.exists())
        # Below Pillow's own alarm, above ours: refused from the header, before decoding.
        output = io.BytesIO()
        Image.new("1", (8_000, 6_000)).save(output, "PNG")
        response = self.report(SimpleUploadedFile("wide.png", output.getvalue(), content_type="image/png"))
        self.assertContains(response, "۴۸ میلیون پیکسل")
        self.assertFalse(Facility.objects.exists())

    def test_other_files_and_formats_are_refused(self):
        gif = io.BytesIO()
        Image.new("RGB", (10, 10)).save(gif, "GIF")
        cases = ((b"<?php echo 1; ?>", "photo.jpg", "عکسی نیست"), (gif.getvalue(), "a.gif", "JPEG، PNG یا WebP"),
                 (b"\xff\xd8" + b"0" * (8 * 1024 * 1024), "big.jpg", "۸ مگابایت"))
        for content, name, message in cases:
            with self.subTest(name=name):
                response = self.report(SimpleUploadedFile(name, content, content_type="image/jpeg"))
                self.assertContains(response, message)
                self.assertContains(response, "سالن فرهنگسرا")  # what was typed is kept
                self.assertFalse(Facility.objects.exists())

    def test_the_photo_is_served_only_within_scope(self):
        facility = make_facility(self.province)
        facility.photo.save("x.jpg", SimpleUploadedFile("x.jpg", jpeg_with_gps((20, 20))), save=True)
        sign_in(self.client, make_user(Role.COORDINATOR, make_province("10")))
        self.assertEqual(self.client.get(f"/events/spaces/{facility.pk}/photo/").status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(f"/events/spaces/{facility.pk}/photo/").status_code, 302)
        sign_in(self.client, self.coordinator)
        self.assertEqual(self.client.get(f"/events/spaces/{make_facility(self.province).pk}/photo/").status_code, 404)

    def test_a_replaced_or_removed_photo_leaves_no_file_behind(self):
        from pathlib import Path

        def upload(name):
            return SimpleUploadedFile(name, jpeg_with_gps((40, 30)), content_type="image/jpeg")

        with self.captureOnCommitCallbacks(execute=True):
            self.report(upload("first.jpg"))
        facility = Facility.objects.get()
        first = Path(facility.photo.path)
        self.assertTrue(first.exists())
        data = {"name": facility.name, "province": self.province.pk, "county": self.county.pk,
                "address": facility.address, "seats": "45", "free_times": facility.free_times}
        # Replaced: the old file goes once the change is committed, not before.
        with self.captureOnCommitCallbacks(execute=False) as pending:
            response = self.client.post(f"/events/spaces/{facility.pk}/edit/", {**data, "photo": upload("second.jpg")})
        self.assertRedirects(response, facility.get_absolute_url(), fetch_redirect_response=False)
        self.assertTrue(first.exists())
        for callback in pending:
            callback()
        facility.refresh_from_db()
        second = Path(facility.photo.path)
        self.assertFalse(first.exists())
        self.assertTrue(second.exists())
        # Saving other fields leaves the photo alone.
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/events/spaces/{facility.pk}/edit/", {**data, "seats": "50"})
        self.assertTrue(second.exists())
        # Removed with the box on the form.
        self.assertContains(self.client.get(f"/events/spaces/{facility.pk}/edit/"), "remove_photo")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/events/spaces/{facility.pk}/edit/", {**data, "remove_photo": "on"})
        facility.refresh_from_db()
        self.assertFalse(facility.photo)
        self.assertFalse(second.exists())

    def test_a_deleted_space_takes_its_photo_along(self):
        from pathlib import Path

        facility = make_facility(self.province)
        facility.photo.save("x.jpg", SimpleUploadedFile("x.jpg", jpeg_with_gps((20, 20))), save=True)
        stored = Path(facility.photo.path)
        self.assertTrue(stored.exists())
        with self.captureOnCommitCallbacks(execute=True):
            facility.delete()
        self.assertFalse(stored.exists())
