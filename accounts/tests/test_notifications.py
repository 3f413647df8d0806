"""The notifications websocket: the API's JWT opens it; a service pushes to the user's sockets only."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.urls import path

from accounts.consumers import NotificationsConsumer
from accounts.services import issue_access_token, notify_user
from accounts.tests.factories import UserFactory
from config.websocket_auth import JWTAuthMiddlewareStack

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The socket as config/asgi.py serves it (the JWT middleware), without the other apps' routes.
application = JWTAuthMiddlewareStack(URLRouter([path("ws/notifications", NotificationsConsumer.as_asgi())]))


def connect(query=""):
    return WebsocketCommunicator(application, f"/ws/notifications{query}", headers=[(b"origin", b"http://localhost")])


def test_a_user_receives_their_own_notifications_and_nobody_elses():
    me, other = UserFactory(), UserFactory()
    token = issue_access_token(me)

    @async_to_sync
    async def scenario():
        communicator = connect(f"?token={token}")
        connected, _ = await communicator.connect()
        await database_sync_to_async(notify_user)(other.pk, {"event": "not-for-me"})
        await database_sync_to_async(notify_user)(me.pk, {"event": "order.status", "status": "completed"})
        message = await communicator.receive_json_from(timeout=3)
        nothing_else = await communicator.receive_nothing(timeout=0.2)
        await communicator.disconnect()
        return connected, message, nothing_else

    assert scenario() == (True, {"event": "order.status", "status": "completed"}, True)


@pytest.mark.parametrize("query", ["", "?token=garbage"])
def test_strangers_are_refused(query):
    @async_to_sync
    async def try_connect():
        return await connect(query).connect()

    assert try_connect() == (False, 4401)
