"""A worker warms itself without the database (safiran/gunicorn.conf.py's post_worker_init)."""
import runpy
from pathlib import Path
from unittest import mock

import pytest
from django.urls import get_resolver

from core.warmup import warm_up


@pytest.mark.django_db
def test_warm_up_reads_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        warm_up()
    assert get_resolver()._populated


def test_gunicorn_settings_warm_every_worker():
    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "safiran" / "gunicorn.conf.py"))
    assert (config["workers"], config["threads"], config["keepalive"]) == (2, 4, 5)
    with mock.patch("core.warmup.warm_up") as warm:
        config["post_worker_init"](worker=None)
    warm.assert_called_once_with()
