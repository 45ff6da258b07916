"""Test helpers shared by every app: factories, sign-in helpers and the generic scope checks.

A model's tests declare the model, how to make one in a province, and which roles may and
may not use it; `ScopeChecks` then proves, for every page and endpoint: anonymous users are
sent to sign in (pages) or get 401 (API); users without the permission get 403; users of
another province get 404; lists, API lists and exports show only the user's province.
"""
import io
import itertools
import json
from functools import cache

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from accounts.choices import Role
from accounts.models import ApiToken, User
from geo.models import County, Province
from geo.reference import DIVISIONS_FILE

from .validators import generate_national_code

PASSWORD = "correct-horse-battery-1405"
_serial = itertools.count(1)


@cache
def _divisions() -> dict:
    data = json.loads(DIVISIONS_FILE.read_text(encoding="utf-8"))
    return {item["code"]: item for item in data["provinces"]}


def make_province(code: str = "23") -> Province:
    """A real province by official code (23 Tehran, 10 Isfahan, 09 Khorasan Razavi); created if flushed."""
    item = _divisions()[code]
    province, _ = Province.objects.get_or_create(code=code, defaults={"name": item["name"], "center": item["center"]})
    return province


def make_county(province: Province) -> County:
    item = _divisions()[province.code]["counties"][0]
    county, _ = County.objects.get_or_create(province=province, name=item["name"], defaults={"code": item["code"]})
    return county


def national_code() -> str:
    return generate_national_code(700_000_000 + next(_serial) * 7919)


def make_user(role=Role.COORDINATOR, province=None, *, username=None, areas=(), **extra) -> User:
    username = username or f"{role}-{next(_serial)}"
    if province is None and role != Role.NATIONAL_ADMIN:
        province = make_province()
    user = User.objects.create_user(username=username, password=PASSWORD, role=role, province=province, **extra)
    if areas:
        user.areas.set(areas)
    return user


def sign_in(client, user):
    """Sign in, passing the second factor for roles that need it."""
    client.force_login(user)
    if user.requires_otp:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def bearer(user) -> dict:
    _token, key = ApiToken.issue(user, "test")
    return {"Authorization": f"Bearer {key}"}


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
