"""Customer pages (session auth) and the staff admin for users."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "bob",
    "email": "bob@example.com",
    "full_name": "Bob Builder",
    "phone": "+15550001",
    "user_type": "individual",
    "password1": "Sturdy-Passw0rd",
    "password2": "Sturdy-Passw0rd",
}


def test_home_describes_the_platform(client):
    page = client.get("/").content.decode()
    assert "Manufacturing" in page and "Configurator" in page and reverse("accounts:signup") in page


def test_signup_creates_the_account_and_logs_in(client):
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    user = User.objects.get(username="bob")
    assert user.full_name == "Bob Builder" and user.check_password("Sturdy-Passw0rd")
    assert "Bob Builder" in client.get(reverse("accounts:profile")).content.decode()


def test_signup_refuses_a_taken_email(client, user):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "email": user.email.upper()})
    assert response.status_code == 200 and "Email already registered" in response.content.decode()
    assert not User.objects.filter(username="bob").exists()


def test_login_profile_update_logout(client, user):
    assert client.get(reverse("accounts:profile")).status_code == 302
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    form = {"full_name": "Renamed", "email": user.email, "phone": "+1999", "user_type": "legal"}
    assert client.post(reverse("accounts:profile"), form).status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.phone, user.user_type) == ("Renamed", "+1999", "legal")
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_login_with_a_wrong_password_stays_on_the_form(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "nope"})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated


def test_static_css_is_served(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200 and b"--accent" in b"".join(response.streaming_content)


def test_admin_lists_and_searches_users(admin_client):
    UserFactory(username="findme", full_name="Needle Person")
    UserFactory(username="other")
    page = admin_client.get("/admin/accounts/user/", {"q": "Needle"}).content.decode()
    assert "findme" in page and ">other<" not in page
    assert admin_client.get("/admin/accounts/user/", {"user_type__exact": "legal"}).status_code == 200
