"""The test kit: the generic scope checks and helpers every app's tests share.

A model's tests declare the model, how to make one in a province, and which roles may and
may not use it; `ScopeChecks` then proves, for every page and endpoint: anonymous users are
sent to sign in (pages) or get 401 (API); users without the permission get 403; users of
another province get 404; lists, API lists and exports show only the user's province; and,
for models with areas, users restricted to some areas get 404 on another area's objects
and still see objects with no area.

Factories live with their app, in `<app>/testing.py` (geo: provinces and counties; accounts:
users, sign-in, tokens; partners: organisations; …). This module is test-only: like the
tests, it sits above every app in the dependency order (docs/architecture.md).
"""
import io
import itertools
import json
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.testing import bearer, make_user, sign_in
from areas.testing import make_area
from core.roles import Role
from geo.testing import make_province

from .validators import generate_national_code

_serial = itertools.count(1)


def national_code() -> str:
    return generate_national_code(700_000_000 + next(_serial) * 7919)


def xlsx_cells(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


class ScopeChecks:
    """Mix into a django.test.TestCase and declare:

    model               the model class
    allowed_role        a role that may view (and, if `api_payload` is given, change) objects
    forbidden_role      a role without the view permission, or None when every role may view
    scoped              False for national reference data (visible in every province)
    object_actions      URL actions taking the object's pk (e.g. "detail", "update")
    collection_actions  URL actions without a pk (e.g. "list", "create")
    get_only_actions    object actions that only answer GET (not posted to), e.g. "detail"
    viewer_role         a role that may view but not change: 403 on "update"/"create" and API writes
    api_path            e.g. "/api/ambassadors", or None
    api_extra_paths     other GET endpoints of the model (e.g. "/api/pledges/totals"), checked like the list
    api_actions         workflow endpoints under `{api_path}/{pk}/`, each with a valid payload,
                        e.g. {"deactivate": {"reason": "…"}}: 401 without a token, 404 out of scope
    exportable          the list page offers ?export=xlsx to `allowed_role`
    make_object(cls, province)   classmethod returning a saved object in that province
    api_payload(self, province)  optional: a valid create payload for the API
    """

    model = None
    allowed_role = Role.COORDINATOR
    forbidden_role: str | None = None
    scoped = True
    object_actions: tuple[str, ...] = ("detail",)
    collection_actions: tuple[str, ...] = ("list",)
    get_only_actions: tuple[str, ...] = ("detail",)
    viewer_role: str | None = None
    api_path: str | None = None
    api_extra_paths: tuple[str, ...] = ()
    api_actions: dict[str, dict] = {}
    exportable = False

    @classmethod
    def setUpTestData(cls):
        cls.home = make_province("23")
        cls.away = make_province("10")
        cls.home_user = make_user(cls.allowed_role, cls.home)
        cls.away_user = make_user(cls.allowed_role, cls.away)
        cls.obj = cls.make_object(cls.home)
        cls.away_obj = cls.make_object(cls.away)

    @classmethod
    def make_object(cls, province):
        raise NotImplementedError

    # URLs ---------------------------------------------------------------------------
    def object_urls(self, obj, actions=None):
        actions = self.object_actions if actions is None else actions
        return [reverse(self.model.url_name(action), args=[obj.pk]) for action in actions]

    def collection_urls(self):
        return [reverse(self.model.url_name(action)) for action in self.collection_actions]

    def api_urls(self, obj):
        return [self.api_path, f"{self.api_path}/{obj.pk}", *self.api_extra_paths] if self.api_path else []

    # anonymous ------------------------------------------------------------------------
    def test_anonymous_pages_redirect_to_sign_in(self):
        login = reverse("accounts:login")
        for url in self.collection_urls() + self.object_urls(self.obj):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(login), response["Location"])

    def test_anonymous_api_is_401(self):
        for url in self.api_urls(self.obj):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 401)

    def test_bad_token_is_401(self):
        for url in self.api_urls(self.obj):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url, headers={"Authorization": "Bearer sfr_wrong"}).status_code, 401)

    def post_api_action(self, action, obj, headers=None):
        url = f"{self.api_path}/{obj.pk}/{action}"
        return self.client.post(url, self.api_actions[action], content_type="application/json", headers=headers or {})

    def test_api_actions_need_a_token_and_stay_in_scope(self):
        if not self.api_actions:
            self.skipTest("no workflow endpoints")
        away = bearer(self.away_user)
        for action in self.api_actions:
            with self.subTest(action=action):
                self.assertEqual(self.post_api_action(action, self.obj).status_code, 401)
                self.assertEqual(self.post_api_action(action, self.obj, {"Authorization": "Bearer sfr_wrong"}).status_code, 401)
                self.assertEqual(self.post_api_action(action, self.obj, away).status_code, 404)

    # forbidden ------------------------------------------------------------------------
    def test_role_without_permission_is_403(self):
        if self.forbidden_role is None:
            self.skipTest("every role may view this model")
        user = make_user(self.forbidden_role, self.home)
        sign_in(self.client, user)
        for url in self.collection_urls() + self.object_urls(self.obj):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
        headers = bearer(user)
        for url in self.api_urls(self.obj):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url, headers=headers).status_code, 403)

    def test_viewer_role_cannot_change(self):
        if self.viewer_role is None:
            self.skipTest("no read-only role declared")
        user = make_user(self.viewer_role, self.home)
        sign_in(self.client, user)
        urls = self.object_urls(self.obj, [a for a in self.object_actions if a == "update"])
        urls += [reverse(self.model.url_name("create"))] if "create" in self.collection_actions else []
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
                self.assertEqual(self.client.post(url, {}).status_code, 403)
        if self.api_path and hasattr(self, "api_payload"):
            headers = bearer(user)
            before = self.model.objects.count()
            payload = self.api_payload(self.home)
            response = self.client.post(self.api_path, payload, content_type="application/json", headers=headers)
            self.assertEqual(response.status_code, 403)
            response = self.client.patch(f"{self.api_path}/{self.obj.pk}", {}, content_type="application/json", headers=headers)
            self.assertEqual(response.status_code, 403)
            self.assertEqual(self.model.objects.count(), before)

    # in scope -------------------------------------------------------------------------
    def test_allowed_user_reaches_every_page(self):
        sign_in(self.client, self.home_user)
        for url in self.collection_urls() + self.object_urls(self.obj):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        headers = bearer(self.home_user)
        for url in self.api_urls(self.obj):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url, headers=headers).status_code, 200)

    # out of scope ---------------------------------------------------------------------
    def test_other_province_gets_404_on_every_object_page(self):
        sign_in(self.client, self.away_user)
        expected = 404 if self.scoped else 200
        for action, url in zip(self.object_actions, self.object_urls(self.obj), strict=True):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, expected)
                if action not in self.get_only_actions and self.scoped:
                    self.assertEqual(self.client.post(url, {}).status_code, 404)

    def test_other_province_gets_404_from_the_api(self):
        if not self.api_path:
            self.skipTest("no API")
        headers = bearer(self.away_user)
        url = f"{self.api_path}/{self.obj.pk}"
        self.assertEqual(self.client.get(url, headers=headers).status_code, 404 if self.scoped else 200)
        if self.scoped and hasattr(self, "api_payload"):
            response = self.client.patch(url, data={}, content_type="application/json", headers=headers)
            self.assertEqual(response.status_code, 404)

    def test_lists_and_exports_hold_only_the_users_province(self):
        if not self.scoped:
            self.skipTest("national reference data")
        sign_in(self.client, self.home_user)
        list_url = reverse(self.model.url_name("list"))
        page = self.client.get(list_url).content.decode()
        self.assertIn(self.obj.get_absolute_url(), page)
        self.assertNotIn(self.away_obj.get_absolute_url(), page)
        if self.api_path:
            response = self.client.get(self.api_path, {"page_size": 500}, headers=bearer(self.home_user))
            ids = {item["id"] for item in response.json()["items"]}
            self.assertIn(self.obj.pk, ids)
            self.assertNotIn(self.away_obj.pk, ids)
        if self.exportable:
            response = self.client.get(list_url, {"export": "xlsx"})
            self.assertEqual(response.status_code, 200)
            text = json.dumps(xlsx_cells(response.content), ensure_ascii=False, default=str)
            self.assertIn(str(self.obj), text)
            self.assertNotIn(str(self.away_obj), text)

    def test_api_create_in_own_province(self):
        if not (self.api_path and hasattr(self, "api_payload")):
            self.skipTest("read-only API")
        headers = bearer(self.home_user)
        before = self.model.objects.count()
        response = self.client.post(self.api_path, self.api_payload(self.home), content_type="application/json", headers=headers)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(self.model.objects.count(), before + 1)
        if self.scoped:
            # The other province cannot be targeted: nothing is written.
            response = self.client.post(self.api_path, self.api_payload(self.away), content_type="application/json", headers=headers)
            self.assertEqual(response.status_code, 422, response.content)
            self.assertEqual(self.model.objects.count(), before + 1)


    # area scope ------------------------------------------------------------------------
    def put_in_area(self, obj, area):
        """File `obj` under `area` (or no area) through `scope_area_field`, whatever its path."""
        *path, last = self.model.scope_area_field.split("__")
        target = obj
        for part in path:
            target = getattr(target, part)
        field = type(target)._meta.get_field(last)
        if field.many_to_many:
            getattr(target, last).set([area] if area else [])
        else:
            setattr(target, last, area)
            target.save()
        return obj

    def area_restricted_user(self, area):
        """The allowed role restricted to `area`; for a role that never is (a provincial
        manager), a coordinator, checked on the pages any viewer may open."""
        from core.roles import AREA_RESTRICTED_ROLES

        role = self.allowed_role if self.allowed_role in AREA_RESTRICTED_ROLES else Role.COORDINATOR
        user = make_user(role, self.home, areas=[area])
        if not user.has_perm(f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"):
            self.skipTest(f"no area-restricted role may view {self.model.__name__}")
        return user

    def test_area_restricted_user_gets_404_on_another_areas_object(self):
        if not getattr(self.model, "scope_area_field", None):
            self.skipTest("no areas on this model")
        mine, other = make_area("health", "سلامت"), make_area("environment", "محیط زیست")
        user = self.area_restricted_user(mine)
        elsewhere = self.put_in_area(self.make_object(self.home), other)
        here = self.put_in_area(self.make_object(self.home), mine)
        sign_in(self.client, user)
        actions = self.object_actions if user.role == self.allowed_role else ("detail",)
        for action, url in zip(actions, self.object_urls(elsewhere, actions), strict=True):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
                if action not in self.get_only_actions:
                    self.assertEqual(self.client.post(url, {}).status_code, 404)
        self.assertEqual(self.client.get(here.get_absolute_url()).status_code, 200)
        page = self.client.get(reverse(self.model.url_name("list"))).content.decode()
        self.assertIn(here.get_absolute_url(), page)
        self.assertNotIn(elsewhere.get_absolute_url(), page)
        if self.api_path:
            headers = bearer(user)
            self.assertEqual(self.client.get(f"{self.api_path}/{elsewhere.pk}", headers=headers).status_code, 404)
            self.assertEqual(self.client.get(f"{self.api_path}/{here.pk}", headers=headers).status_code, 200)
            ids = {item["id"] for item in self.client.get(self.api_path, {"page_size": 500}, headers=headers).json()["items"]}
            self.assertIn(here.pk, ids)
            self.assertNotIn(elsewhere.pk, ids)
            for action in self.api_actions if user.role == self.allowed_role else ():
                with self.subTest(api_action=action):
                    self.assertEqual(self.post_api_action(action, elsewhere, headers).status_code, 404)
        if self.exportable and user.has_perm(f"{self.model._meta.app_label}.export_{self.model._meta.model_name}"):
            # Test objects share their names, so count: everything of the province but `elsewhere`.
            rows = xlsx_cells(self.client.get(reverse(self.model.url_name("list")), {"export": "xlsx"}).content)[1:]
            self.assertEqual(len(rows), self.model.objects.visible_to(self.home_user).count() - 1)

    def test_area_restricted_user_sees_objects_with_no_area(self):
        if not getattr(self.model, "scope_area_field", None):
            self.skipTest("no areas on this model")
        *_path, last = self.model.scope_area_field.split("__")
        user = self.area_restricted_user(make_area("health", "سلامت"))
        obj = self.make_object(self.home)
        target = obj
        for part in _path:
            target = getattr(target, part)
        field = type(target)._meta.get_field(last)
        if not (field.many_to_many or field.null):
            self.skipTest("every object of this model has an area")
        self.put_in_area(obj, None)
        sign_in(self.client, user)
        self.assertEqual(self.client.get(obj.get_absolute_url()).status_code, 200)
        if self.api_path:
            self.assertEqual(self.client.get(f"{self.api_path}/{obj.pk}", headers=bearer(user)).status_code, 200)


SQUASHED = set("\u202a\u202b\u202c\u202d\u202e\u200c :،.•()«»\n\t")


def squash(text: str) -> str:
    """Letters and digits only. pdftotext gives the words of right-to-left text in reading order
    but moves spaces and punctuation next to numbers, drops half-spaces (they are not glyphs) and
    spells the lam-alef ligature backwards, so tests compare squashed text and avoid «لا»."""
    return "".join(ch for ch in text if ch not in SQUASHED)


def pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: `make test` installs it (Debian package poppler-utils).")
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True)
    return squash(result.stdout.decode())


def monthly_figures(section_key: str, province, year: int, month: int) -> dict:
    """{figure key: MonthlyFigure} of one app's section (core.registry) of a monthly report."""
    from .registry import registry

    sections = [s for s in registry.monthly_sections(province, year, month) if s.key == section_key]
    if len(sections) != 1:
        pytest.fail(f"expected one monthly section {section_key!r}, found {len(sections)}")
    return {figure.key: figure for figure in sections[0].figures}


def linked_pks(client, url: str, model) -> set[int]:
    """The pks of `model`'s records that a monthly figure's link lists (the list page, as the
    client sees it), read from the links to their detail pages."""
    import re

    response = client.get(url)
    if response.status_code != 200:
        pytest.fail(f"{url}: {response.status_code}")
    prefix = reverse(model.url_name("detail"), args=[0])[:-2]
    return {int(pk) for pk in re.findall(rf'href="{re.escape(prefix)}(\d+)/"', response.content.decode())}
