"""A large import on SQLite builds the roster's list-order indexes after its rows, whatever ends it."""
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from django.db import connection
from django.test import TransactionTestCase, override_settings

from retirees import bulk_indexes


def present():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'retirees_retiree'")
        return {name for (name,) in cursor.fetchall()}


@unittest.skipUnless(connection.vendor == "sqlite", "SQLite only: PostgreSQL keeps its indexes")
class DeferredIndexes(TransactionTestCase):
    def test_dropped_for_a_large_file_and_built_again(self):
        self.assertTrue(set(bulk_indexes.DEFERRED) <= present())
        self.assertFalse(bulk_indexes.defer(bulk_indexes.MIN_ROWS - 1))
        self.assertTrue(bulk_indexes.defer(bulk_indexes.MIN_ROWS))
        self.assertFalse(set(bulk_indexes.DEFERRED) & present())
        self.assertEqual(bulk_indexes.ensure(), 2)
        self.assertTrue(set(bulk_indexes.DEFERRED) <= present())
        self.assertEqual(bulk_indexes.ensure(), 0)

    def test_an_import_builds_them_after_it_finished_or_failed_midway(self):
        from geo.testing import make_province
        from retirees.choices import ImportStatus
        from retirees.generator import write_csv
        from retirees.importer import run_import, start_import
        from retirees.loader import Loader

        make_province("23")
        folder = Path(tempfile.mkdtemp(prefix="safiran-test-media-"))
        path = folder / "roster.csv"
        write_csv(str(path), 300, seed=5, province_codes=("23",))
        dropped = []
        real_defer = bulk_indexes.defer

        def defer(total_rows):
            dropped.append(real_defer(bulk_indexes.MIN_ROWS))
            self.assertFalse(set(bulk_indexes.DEFERRED) & present())
            return dropped[-1]

        with override_settings(MEDIA_ROOT=str(folder)), mock.patch.object(bulk_indexes, "defer", defer):
            done = run_import(start_import(str(path), "roster.csv"), refresh=False)
            self.assertEqual(done.status, ImportStatus.DONE)
            self.assertTrue(set(bulk_indexes.DEFERRED) <= present())
            with mock.patch.object(Loader, "write", side_effect=RuntimeError("disk full")):
                with self.assertRaises(RuntimeError):
                    run_import(start_import(str(path), "roster.csv"), refresh=False)
        self.assertEqual(dropped, [True, True])
        self.assertTrue(set(bulk_indexes.DEFERRED) <= present())

    def test_the_recovery_builds_what_a_killed_import_left_missing(self):
        from retirees.tasks import recover_imports

        bulk_indexes.defer(bulk_indexes.MIN_ROWS)
        recover_imports()
        self.assertTrue(set(bulk_indexes.DEFERRED) <= present())
