"""Auth and user routes of the inventory API: one user and one JWT across the platform."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import INVENTORY

from .. import roles
from ..api import auth_views
from .factories import inventory_admin, manager, reader

pytestmark = pytest.mark.django_db

AUTH = "/api/inventory/auth"
USERS = "/api/inventory/users"
STRONG = "Another-str0ng-pass"


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def login(client, username, password=PASSWORD, **kwargs):
    return client.post(f"{AUTH}/login", {"username": username, "password": password}, **kwargs)


@hand_tested(
    auth_views.LoginView,
    auth_views.MobileLoginView,
    auth_views.RefreshView,
    auth_views.LogoutView,
    why="account actions on the caller's session, with no row in the path",
)
class TestSession:
    @pytest.mark.parametrize("body_format", ["json", "multipart"])
    def test_login_answers_the_spec_body_and_sets_an_httponly_refresh_cookie(self, body_format):
        user = reader()
        client = APIClient()
        response = login(client, user.username, format=body_format)
        body = response.json()
        assert response.status_code == 200, body
        assert (body["token_type"], body["status"], body["message"]) == ("bearer", "success", "Login successful")
        cookie = response.cookies["refresh_token"]
        assert cookie["httponly"] and cookie["path"] == "/api/inventory/auth/"
        assert bearer(body["access_token"]).get("/api/inventory/parts/get_all_parts").status_code == 200

    def test_form_encoded_login_as_the_oauth2_password_form_sends_it(self):
        user = reader()
        response = APIClient().post(
            f"{AUTH}/login",
            f"username={user.username}&password={PASSWORD}",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200, response.content

    def test_a_wrong_password_is_401_in_the_envelope(self):
        user = reader()
        INVENTORY.assert_error(login(APIClient(), user.username, "wrong", format="json"), 401)

    def test_mobile_login_answers_the_envelope_with_both_tokens(self):
        user = reader()
        response = APIClient().post(
            f"{AUTH}/mobile-login", {"username": user.username, "password": PASSWORD}, format="json"
        )
        data = INVENTORY.record(response)
        assert data["token_type"] == "bearer" and data["access_token"] and data["refresh_token"]

    def test_refresh_rotates_the_cookie_and_the_old_one_stops_working(self):
        user = reader()
        client = APIClient()
        login(client, user.username, format="json")
        old_cookie = client.cookies["refresh_token"].value
        refreshed = client.post(f"{AUTH}/refresh")
        assert refreshed.status_code == 200, refreshed.content
        assert bearer(refreshed.json()["access_token"]).get("/api/inventory/parts/get_all_parts").status_code == 200
        assert client.cookies["refresh_token"].value != old_cookie
        assert "refresh_token" not in refreshed.json()  # the browser's stays out of reach of its scripts
        replay = APIClient()
        replay.cookies["refresh_token"] = old_cookie
        INVENTORY.assert_error(replay.post(f"{AUTH}/refresh"), 401)

    def test_refresh_from_the_body_for_the_mobile_app(self):
        user = reader()
        tokens = INVENTORY.record(
            APIClient().post(f"{AUTH}/mobile-login", {"username": user.username, "password": PASSWORD}, format="json")
        )
        response = APIClient().post(f"{AUTH}/refresh", {"refresh_token": tokens["refresh_token"]}, format="json")
        assert response.status_code == 200
        rotated = response.json()["refresh_token"]
        assert APIClient().post(f"{AUTH}/refresh", {"refresh_token": rotated}, format="json").status_code == 200
        INVENTORY.assert_error(APIClient().post(f"{AUTH}/refresh"), 401)

    def test_a_password_change_ends_refreshing(self):
        user = reader()
        client = APIClient()
        login(client, user.username, format="json")
        user.set_password(STRONG)
        user.save()
        INVENTORY.assert_error(client.post(f"{AUTH}/refresh"), 401)

    def test_logout_revokes_the_access_and_the_refresh_token(self):
        user = reader()
        client = APIClient()
        token = login(client, user.username, format="json").json()["access_token"]
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        response = client.post(f"{AUTH}/logout")
        assert INVENTORY.record(response) is None
        INVENTORY.assert_error(bearer(token).get("/api/inventory/parts/get_all_parts"), 401)
        INVENTORY.assert_error(client.post(f"{AUTH}/refresh"), 401)


class TestOneTokenAcrossApis:
    def test_a_manufacturing_token_works_here(self):
        user = reader()
        token = APIClient().post("/api/mfg/login", {"username": user.username, "password": PASSWORD}, format="json")
        assert bearer(token.json()["access_token"]).get("/api/inventory/parts/get_all_parts").status_code == 200

    def test_an_inventory_token_works_there_and_logout_here_ends_it_there(self):
        user = reader()
        client = APIClient()
        token = login(client, user.username, format="json").json()["access_token"]
        assert bearer(token).get("/api/mfg/profile").json()["username"] == user.username
        bearer(token).post(f"{AUTH}/logout")
        assert bearer(token).get("/api/mfg/profile").status_code == 401


@hand_tested(auth_views.RegisterView, why="an account action, with no row in the path")
class TestRegister:
    def body(self, **extra):
        return {"username": "maker", "email": "maker@example.com", "password": STRONG} | extra

    def test_anyone_registers_as_user_and_can_read_but_not_write(self):
        response = APIClient().post(f"{USERS}/register", self.body(), format="json")
        data = INVENTORY.record(response)
        assert [role["name"] for role in data["roles"]] == ["user"]
        assert "parts:read" in data["roles"][0]["permissions"]
        assert "parts:write" not in data["roles"][0]["permissions"]
        token = login(APIClient(), "maker", STRONG, format="json").json()["access_token"]
        assert bearer(token).get("/api/inventory/parts/get_all_parts").status_code == 200
        refused = bearer(token).post("/api/inventory/parts/add_part", {"part_name": "R"}, format="json")
        INVENTORY.assert_error(refused, 403)

    @pytest.mark.parametrize("asked", [["admin"], ["manager"], ["user", "admin"]])
    def test_registration_never_grants_above_user(self, asked):
        for client in (APIClient(), client_for(manager())):
            response = client.post(f"{AUTH}/register", self.body(roles=asked), format="json")
            INVENTORY.assert_error(response, 403)
        assert not User.objects.filter(username="maker").exists()

    def test_an_admin_may_grant_roles(self):
        response = client_for(inventory_admin()).post(f"{USERS}/register", self.body(roles=["manager"]), format="json")
        assert [role["name"] for role in INVENTORY.record(response)["roles"]] == ["manager"]

    def test_weak_passwords_unknown_roles_and_taken_names_are_refused(self):
        client = APIClient()
        INVENTORY.assert_error(
            client.post(f"{USERS}/register", self.body(password="123"), format="json"), 422, "password"
        )
        response = client_for(inventory_admin()).post(f"{USERS}/register", self.body(roles=["owner"]), format="json")
        INVENTORY.assert_error(response, 422, "roles")
        UserFactory(username="maker")
        INVENTORY.assert_error(client.post(f"{USERS}/register", self.body(), format="json"), 400)


@hand_tested(
    auth_views.AllUsersView,
    auth_views.UserView,
    auth_views.UserByUsernameView,
    auth_views.UserPasswordView,
    why="user ids are the platform's integer ids and each route mixes self-service with admin rights",
)
class TestUsers:
    def test_admins_list_everyone_others_are_403(self):
        reader()
        admin = inventory_admin()
        names = [u["username"] for u in INVENTORY.record(client_for(admin).get(f"{USERS}/all"))]
        assert admin.username in names and len(names) == 2
        INVENTORY.assert_error(client_for(manager()).get(f"{USERS}/all"), 403)

    def test_a_user_reads_themselves_but_not_others(self):
        me, other = reader(), reader()
        client = client_for(me)
        assert INVENTORY.record(client.get(f"{USERS}/{me.pk}"))["username"] == me.username
        assert INVENTORY.record(client.get(f"{USERS}/by-username/{me.username}"))["id"] == me.pk
        INVENTORY.assert_error(client.get(f"{USERS}/{other.pk}"), 403)
        INVENTORY.assert_error(client.get(f"{USERS}/999999"), 404)
        INVENTORY.assert_error(client.get(f"{USERS}/by-username/nobody"), 404)

    def test_only_an_admin_changes_roles(self):
        me = reader()
        INVENTORY.assert_error(client_for(me).put(f"{USERS}/{me.pk}", {"roles": ["admin"]}, format="json"), 403)
        assert list(me.groups.values_list("name", flat=True)) == ["user"]
        response = client_for(inventory_admin()).put(f"{USERS}/{me.pk}", {"roles": ["manager"]}, format="json")
        assert [r["name"] for r in INVENTORY.record(response)["roles"]] == ["manager"]
        assert (
            client_for(User.objects.get(pk=me.pk))
            .post("/api/inventory/parts/add_part", {"part_name": "Now allowed"}, format="json")
            .status_code
            == 200
        )

    def test_own_password_needs_the_current_one_and_revokes_old_tokens(self):
        me = reader()
        client = client_for(me)
        url = f"{USERS}/{me.pk}/password"
        response = client.put(url, {"current_password": "wrong", "new_password": STRONG}, format="json")
        INVENTORY.assert_error(response, 422, "current_password")
        INVENTORY.assert_error(client.put(url, {"current_password": PASSWORD, "new_password": "1"}, format="json"), 422)
        assert client.put(url, {"current_password": PASSWORD, "new_password": STRONG}, format="json").status_code == 200
        INVENTORY.assert_error(client.get(f"{USERS}/{me.pk}"), 401)
        assert login(APIClient(), me.username, STRONG, format="json").status_code == 200

    def test_only_admins_delete_and_never_themselves(self):
        admin, victim = inventory_admin(), reader()
        INVENTORY.assert_error(client_for(manager()).delete(f"{USERS}/{victim.pk}"), 403)
        INVENTORY.assert_error(client_for(admin).delete(f"{USERS}/{admin.pk}"), 409)
        assert client_for(admin).delete(f"{USERS}/{victim.pk}").status_code == 200
        assert not User.objects.filter(pk=victim.pk).exists()


def test_roles_are_seeded_with_the_spec_permissions():
    for role in roles.ROLES:
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == roles.codenames_of(role)
    assert roles.spec_permissions_of(manager()) == [
        "parts:read", "parts:write", "parts:delete", "categories:read", "categories:write", "categories:delete",
        "locations:read", "locations:write", "locations:delete", "orders:read", "csv:import",
        "tasks:read", "tasks:create", "tasks:update",
    ]  # fmt: skip
    assert "admin" in roles.spec_permissions_of(UserFactory(is_superuser=True))
