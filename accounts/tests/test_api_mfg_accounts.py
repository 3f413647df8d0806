"""Account endpoints of the manufacturing service API, per spec "Authentication" and "User Management"."""

import pytest

from accounts.api import views
from accounts.models import User
from accounts.tests.factories import PASSWORD, AdminFactory, UserFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import MFG
from config.testing.endpoints import DetailCase, ListCase, StaffOnlyCase

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "username": "alice",
    "email": "alice@example.com",
    "password": "Sturdy-Passw0rd",
    "full_name": "Alice Example",
    "phone": "+1234567890",
    "user_type": "legal",
}
USER_FIELDS = {"id", "username", "email", "full_name", "phone", "user_type", "is_admin", "created_at"}


def login(username, password=PASSWORD):
    return client_for().post("/api/mfg/login", {"username": username, "password": password}, format="json")


@hand_tested(views.RegisterView, why="an account action on the caller, with no id in the path")
class TestRegister:
    def test_creates_the_user_with_every_field(self):
        response = client_for().post("/api/mfg/register", REGISTRATION, format="json")
        assert response.status_code == 200
        body = response.json()
        assert body["message"] == "User registered successfully"
        user = User.objects.get(pk=body["user_id"])
        assert (user.username, user.email, user.full_name, user.phone, user.user_type) == (
            "alice",
            "alice@example.com",
            "Alice Example",
            "+1234567890",
            "legal",
        )
        assert user.check_password("Sturdy-Passw0rd") and not user.is_staff

    def test_duplicate_username_is_400_and_keeps_the_first_account(self):
        client_for().post("/api/mfg/register", REGISTRATION, format="json")
        again = {**REGISTRATION, "email": "other@example.com", "password": "Another-Passw0rd"}
        body = MFG.assert_error(client_for().post("/api/mfg/register", again, format="json"), 400)
        assert body["message"] == "Username already registered"
        assert User.objects.get(username="alice").check_password("Sturdy-Passw0rd")

    def test_duplicate_email_is_400_whatever_its_case(self):
        client_for().post("/api/mfg/register", REGISTRATION, format="json")
        again = {**REGISTRATION, "username": "alice2", "email": "ALICE@example.com"}
        MFG.assert_error(client_for().post("/api/mfg/register", again, format="json"), 400)
        assert User.objects.count() == 1

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"email": "not-an-email"}, "email"),
            ({"user_type": "company"}, "user_type"),
            ({"password": "123"}, "password"),
            ({"username": "bad name/../"}, "username"),
            ({"username": None}, "username"),
        ],
    )
    def test_invalid_input_is_422_with_field_details(self, change, field):
        response = client_for().post("/api/mfg/register", {**REGISTRATION, **change}, format="json")
        MFG.assert_error(response, 422, field)
        assert not User.objects.exists()

    def test_missing_fields_are_named(self):
        MFG.assert_error(client_for().post("/api/mfg/register", {}, format="json"), 422, "username", "password")

    def test_malformed_json_is_400(self):
        response = client_for().post("/api/mfg/register", "{not json", content_type="application/json")
        MFG.assert_error(response, 400)

    def test_cannot_register_as_admin(self):
        response = client_for().post("/api/mfg/register", {**REGISTRATION, "is_admin": True}, format="json")
        assert response.status_code == 200
        assert not User.objects.get(username="alice").is_staff


@hand_tested(views.LoginView, why="an account action on the caller, with no id in the path")
class TestLogin:
    def test_returns_a_bearer_token_with_its_lifetime(self, user):
        response = login(user.username)
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer" and body["expires_in"] == 3600
        profile = client_for().get("/api/mfg/profile", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
        assert profile.json()["username"] == user.username

    def test_wrong_password_is_401(self, user):
        body = MFG.assert_error(login(user.username, "wrong-password"), 401)
        assert body["details"] == {}

    def test_unknown_user_is_401(self):
        MFG.assert_error(login("nobody"), 401)

    def test_inactive_user_cannot_log_in(self):
        MFG.assert_error(login(UserFactory(is_active=False).username), 401)

    def test_missing_password_is_422(self, user):
        MFG.assert_error(
            client_for().post("/api/mfg/login", {"username": user.username}, format="json"), 422, "password"
        )

    def test_a_stale_token_does_not_block_logging_in(self, user):
        client = client_for()
        client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
        response = client.post("/api/mfg/login", {"username": user.username, "password": PASSWORD}, format="json")
        assert response.status_code == 200


@hand_tested(views.LogoutView, why="an account action on the caller, with no id in the path")
class TestLogout:
    def test_logout_revokes_the_token(self, user):
        token = login(user.username).json()["access_token"]
        client = client_for()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        assert client.get("/api/mfg/profile").status_code == 200
        response = client.post("/api/mfg/logout")
        assert response.status_code == 200 and response.json() == {"message": "Successfully logged out"}
        MFG.assert_error(client.get("/api/mfg/profile"), 401)
        MFG.assert_error(client.post("/api/mfg/logout"), 401)

    def test_logout_leaves_other_sessions_alone(self, user):
        first, second = (login(user.username).json()["access_token"] for _ in range(2))
        client_for().post("/api/mfg/logout", HTTP_AUTHORIZATION=f"Bearer {first}")
        assert client_for().get("/api/mfg/profile", HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 200

    def test_requires_a_token(self):
        MFG.assert_error(client_for().post("/api/mfg/logout"), 401)


@hand_tested(views.ProfileView, why="an account action on the caller, with no id in the path")
class TestProfile:
    def test_shows_every_documented_field(self, user):
        body = client_for(user).get("/api/mfg/profile").json()
        assert set(body) == USER_FIELDS
        assert body["id"] == user.pk and body["is_admin"] is False and body["created_at"].endswith("Z")

    def test_update(self, user):
        response = client_for(user).put("/api/mfg/profile", {"full_name": "New Name", "phone": "+49 1"}, format="json")
        assert response.status_code == 200 and response.json() == {"message": "Profile updated successfully"}
        user.refresh_from_db()
        assert (user.full_name, user.phone) == ("New Name", "+49 1")

    def test_a_user_can_never_make_themselves_admin(self, user):
        client_for(user).put("/api/mfg/profile", {"is_admin": True, "full_name": "X"}, format="json")
        user.refresh_from_db()
        assert not user.is_staff and user.full_name == "X"

    def test_invalid_update_is_422(self, user):
        response = client_for(user).put("/api/mfg/profile", {"phone": "9" * 40}, format="json")
        MFG.assert_error(response, 422, "phone")

    def test_requires_a_token(self):
        MFG.assert_error(client_for().get("/api/mfg/profile"), 401)
        MFG.assert_error(client_for().put("/api/mfg/profile", {}, format="json"), 401)

    def test_garbage_token_is_401(self):
        response = client_for().get("/api/mfg/profile", HTTP_AUTHORIZATION="Bearer abc.def.ghi")
        MFG.assert_error(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")

    def test_password_change_revokes_older_tokens(self, user):
        client = client_for(user)
        user.set_password("Changed-Passw0rd")
        user.save()
        MFG.assert_error(client.get("/api/mfg/profile"), 401)


class TestUsers(ListCase, DetailCase, StaffOnlyCase):
    expect = MFG
    list_url = "/api/mfg/users"
    detail_url = "/api/mfg/users/{pk}"
    views = (views.UserListView, views.UserDetailView)

    def make(self, owner):
        return UserFactory()

    def test_list_every_user_with_every_field(self, staff):
        others = UserFactory.create_batch(3)
        body = MFG.items(client_for(staff).get(self.list_url))
        assert [u["id"] for u in body] == sorted([staff.pk, *(u.pk for u in others)])
        assert all(set(u) == USER_FIELDS for u in body)

    def test_list_is_bounded_with_skip_and_limit(self, staff):
        UserFactory.create_batch(4)
        response = client_for(staff).get(self.list_url, {"skip": 1, "limit": 2})
        assert len(response.json()) == 2 and response["X-Total-Count"] == "5"

    @pytest.mark.parametrize("skip", ["5", "479831482175727869343301632"])
    def test_a_skip_past_the_end_is_an_empty_page(self, staff, skip):
        UserFactory.create_batch(4)
        response = client_for(staff).get(self.list_url, {"skip": skip})
        assert response.status_code == 200 and response.json() == [] and response["X-Total-Count"] == "5"

    def test_retrieve(self, staff):
        other = UserFactory()
        body = client_for(staff).get(self.url(other)).json()
        assert body["username"] == other.username and set(body) == USER_FIELDS

    def test_update_including_admin_flag(self, staff):
        other = UserFactory()
        payload = {"full_name": "Promoted", "phone": "+100", "is_admin": True}
        response = client_for(staff).put(self.url(other), payload, format="json")
        assert response.status_code == 200 and response.json() == {"message": "User updated successfully"}
        other.refresh_from_db()
        assert (other.full_name, other.phone, other.is_staff) == ("Promoted", "+100", True)

    def test_update_refuses_customers(self, user):
        other = UserFactory()
        MFG.assert_error(client_for(user).put(self.url(other), {"is_admin": True}, format="json"), 403)
        MFG.assert_error(client_for(user).put(self.url(user), {"is_admin": True}, format="json"), 403)
        other.refresh_from_db()
        user.refresh_from_db()
        assert not other.is_staff and not user.is_staff

    def test_update_of_missing_user_is_404(self, staff):
        MFG.assert_error(client_for(staff).put(self.url(pk=123456), {"full_name": "x"}, format="json"), 404)

    def test_update_with_bad_values_is_422(self, staff):
        other = UserFactory()
        MFG.assert_error(client_for(staff).put(self.url(other), {"is_admin": "maybe"}, format="json"), 422, "is_admin")

    def test_an_absurd_id_is_404_not_500(self, staff):
        MFG.assert_error(client_for(staff).get("/api/mfg/users/99999999999999999999999"), 404)


def test_admin_staff_flag_shows_as_is_admin():
    admin = AdminFactory()
    assert client_for(admin).get("/api/mfg/profile").json()["is_admin"] is True
