"""API clients for tests: anonymous, or carrying a real JWT for a user (as a real client would)."""

from rest_framework.test import APIClient

from accounts.services import issue_access_token


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_access_token(user)}")
    return client
