"""Issue 8, part 3: a data key that can be rotated (retirees/crypto.py, retirees/rotation.py)."""
import io
from pathlib import Path

from cryptography.exceptions import InvalidTag
from django.core.management import call_command
from django.test import TestCase, override_settings

from ambassadors.models import Ambassador
from ambassadors.testing import make_ambassador
from core.validators import generate_national_code
from geo.testing import make_province
from retirees import crypto
from retirees.importer import run_import, start_import
from retirees.models import Child, Retiree
from retirees.rotation import remaining
from retirees.tests.test_importer import MEDIA, roster_csv, row

OLD_KEY = "an-old-data-key-for-the-rotation-test-1404"
NEW_KEY = "a-new-data-key-for-the-rotation-test-1405"


def code(n: int) -> str:
    return generate_national_code(720_000_000 + n)


@override_settings(MEDIA_ROOT=MEDIA, SAFIRAN_DATA_KEY=OLD_KEY, SAFIRAN_OLD_DATA_KEYS=[])
class RotationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_province("23")

    def import_file(self, path):
        return run_import(start_import(path, Path(path).name))

    def setUp(self):
        self.rows = [row(code(n), **{"تلفن همراه": f"0912{n:07d}"}) for n in range(23)]
        self.path = roster_csv(self.rows)
        with override_settings(SAFIRAN_DATA_KEY=OLD_KEY, SAFIRAN_OLD_DATA_KEYS=[]):
            self.import_file(self.path)
            retiree = Retiree.objects.with_national_code(code(0)).get()
            retiree.consent_children = True
            retiree.save()
            child = Child(retiree=retiree, first_name="سارا", last_name="احمدی", relation="daughter", birth_year=1370,
                          mobile_encrypted=crypto.encrypt("09350000001"))
            child.save()
            # An ambassador's code and mobile are encrypted with the same keys, and rotate with them.
            self.ambassador = make_ambassador(make_province("23"), national_code=code(50), mobile="09121110000")
            # Event registrations: mobile, national code and the person_key digest rotate too.
            from events.choices import EventStatus
            from events.testing import make_event, make_registration

            self.event = make_event(make_province("23"), status=EventStatus.PUBLISHED, capacity=5)
            self.registrations = {
                make_registration(event=self.event, full_name="مینا رحیمی", mobile="09351112222",
                                  national_code=code(60)).pk: ("09351112222", code(60)),
                make_registration(event=self.event, full_name="حسن رحیمی", mobile="09351113333").pk: ("09351113333", ""),
            }
            self.expected = {retiree.national_code: retiree.mobile for retiree in Retiree.objects.all()}
        self.assertEqual(len(self.expected), 23)

    def test_a_rotated_roster_reads_back_every_value_under_the_new_key_alone(self):
        old_id, new_id = crypto.DataKey(OLD_KEY).id, crypto.DataKey(NEW_KEY).id
        with override_settings(SAFIRAN_DATA_KEY=NEW_KEY, SAFIRAN_OLD_DATA_KEYS=[OLD_KEY]):
            # Before rotating: everything still reads and is found, under both keys.
            self.assertEqual({r.national_code: r.mobile for r in Retiree.objects.all()}, self.expected)
            self.assertEqual(Retiree.objects.with_national_code(code(5)).count(), 1)
            self.assertEqual(remaining()["retirees_retiree"], 23)
            # Stopped after two chunks of five, then run again: it goes on with what is left.
            out = io.StringIO()
            call_command("rotate_data_key", chunk=5, max_chunks=2, no_progress=True, stdout=out)
            self.assertEqual(remaining()["retirees_retiree"], 13)
            self.assertIn("Run the command again", out.getvalue())
            call_command("rotate_data_key", chunk=5, no_progress=True, stdout=out)
            self.assertEqual(remaining(), {"retirees_retiree": 0, "retirees_child": 0, "ambassadors_ambassador": 0,
                                           "events_registration": 0})
            self.assertIn("SAFIRAN_OLD_DATA_KEYS can be removed", out.getvalue())
        with override_settings(SAFIRAN_DATA_KEY=NEW_KEY, SAFIRAN_OLD_DATA_KEYS=[]):
            self.assertEqual({r.national_code: r.mobile for r in Retiree.objects.all()}, self.expected)
            self.assertEqual(Child.objects.get().mobile, "09350000001")
            ambassador = Ambassador.objects.with_national_code(code(50)).get()
            self.assertEqual((ambassador.national_code, ambassador.mobile), (code(50), "09121110000"))
            self.assertEqual(bytes(ambassador.national_code_index)[:1], new_id)
            self.assert_registrations_read_back(new_id)
            for n in range(23):
                self.assertEqual(Retiree.objects.with_national_code(code(n)).count(), 1)
            stored = Retiree.objects.values_list("national_code_index", "national_code_encrypted", "mobile_encrypted")
            self.assertEqual({bytes(value)[:1] for line in stored for value in line}, {new_id})
            self.assertNotEqual(old_id, new_id)
            # Re-importing the same file under the new key changes nothing.
            self.assertEqual(self.import_file(self.path).changed_rows, 0)
        with override_settings(SAFIRAN_DATA_KEY=OLD_KEY, SAFIRAN_OLD_DATA_KEYS=[]):
            with self.assertRaises(InvalidTag):
                Retiree.objects.first().national_code  # noqa: B018 — the old key alone no longer reads them

    def assert_registrations_read_back(self, new_id):
        from core.services import WorkflowError
        from events.models import Registration
        from events.testing import make_registration

        read = {item.pk: (item.mobile, item.national_code) for item in Registration.objects.filter(event=self.event)}
        self.assertEqual(read, self.registrations)
        stored = Registration.objects.values_list("mobile_cipher", "national_code_cipher", "person_key")
        self.assertEqual({bytes(value)[:1] for line in stored for value in line if value}, {new_id})
        # The digest was rewritten, not just copied: the same people are still found under the new key alone.
        for name, mobile, national_code in (("مینا رحیمی", "09399999999", code(60)), ("حسن رحیمی", "09351113333", "")):
            with self.assertRaisesMessage(WorkflowError, "پیش‌تر برای این رویداد ثبت‌نام کرده"):
                make_registration(event=self.event, full_name=name, mobile=mobile, national_code=national_code)

    def test_every_encrypted_column_is_rotated(self):
        from core.backup import encrypted_columns
        from retirees.rotation import TARGETS

        rotated = {(target.table, column) for target in TARGETS for column in target.encrypted}
        stored = {(model._meta.db_table, model._meta.get_field(name).column) for model, name in encrypted_columns()}
        self.assertEqual(stored - rotated, set())
        self.assertIn(("events_registration", "mobile_cipher"), stored)

    def test_registrations_are_found_under_either_key_midway(self):
        from core.services import WorkflowError
        from events.testing import make_registration

        with override_settings(SAFIRAN_DATA_KEY=NEW_KEY, SAFIRAN_OLD_DATA_KEYS=[OLD_KEY]):
            self.assertEqual(remaining()["events_registration"], 2)
            with self.assertRaisesMessage(WorkflowError, "پیش‌تر برای این رویداد ثبت‌نام کرده"):
                make_registration(event=self.event, full_name="حسن رحیمی", mobile="09351113333")

    def test_an_import_during_the_rotation_adds_no_one_twice(self):
        with override_settings(SAFIRAN_DATA_KEY=NEW_KEY, SAFIRAN_OLD_DATA_KEYS=[OLD_KEY]):
            call_command("rotate_data_key", chunk=10, max_chunks=1, no_progress=True, stdout=io.StringIO())
            extra = roster_csv(self.rows + [row(code(99))])
            result = self.import_file(extra)
            self.assertEqual((result.saved_rows, Retiree.objects.count()), (24, 24))
            self.assertEqual(remaining()["retirees_retiree"], 0)  # the import moved the people it met
            self.assertEqual({r.national_code for r in Retiree.objects.all()}, set(self.expected) | {code(99)})
