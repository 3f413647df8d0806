"""The inventory's websockets (spec "WebSocket Endpoints"): live task progress, subscriptions that
filter, admin statistics and broadcasts, and the documented close codes."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.services import issue_access_token
from accounts.tests.factories import UserFactory
from config.asgi import application
from inventory import live
from inventory.choices import TaskType
from inventory.models import Task
from inventory.services import imports

from .factories import inventory_admin, reader
from .test_api_csv import LCSC, LCSC_NAME

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def socket(path: str, token: str | None = None):
    query = f"?token={token}" if token else ""
    return WebsocketCommunicator(application, f"{path}{query}", headers=[(b"origin", b"http://localhost")])


def token(user) -> str:
    return str(issue_access_token(user))


def make_task(owner) -> Task:
    return Task.objects.create(task_type=TaskType.CSV_IMPORT, name="Import x.csv", created_by=owner)


async def received(communicator, count: int) -> list[dict]:
    return [await communicator.receive_json_from(timeout=3) for _ in range(count)]


@pytest.mark.parametrize("path", ["/ws/tasks", "/ws/admin", "/api/inventory/ws/tasks"])
def test_without_a_valid_token_the_socket_closes_with_4001(path):
    @async_to_sync
    async def attempts():
        return [await socket(path).connect(), await socket(path, "garbage").connect()]

    assert attempts() == [(False, 4001), (False, 4001)]


def test_a_user_without_the_role_gets_4003_and_readers_stay_out_of_admin():
    stranger, user = token(UserFactory()), token(reader())

    @async_to_sync
    async def attempts():
        return [await socket("/ws/tasks", stranger).connect(), await socket("/ws/admin", user).connect()]

    assert attempts() == [(False, 4003), (False, 4003)]


def test_ping_and_connection_info():
    user = reader()
    user_token = token(user)

    @async_to_sync
    async def scenario():
        communicator = socket("/ws/tasks", user_token)
        await communicator.connect()
        await communicator.send_json_to({"type": "ping"})
        pong = await communicator.receive_json_from(timeout=3)
        await communicator.send_json_to({"type": "get_connection_info"})
        info = await communicator.receive_json_from(timeout=3)
        await communicator.send_json_to({"type": "shout"})
        unknown = await communicator.receive_json_from(timeout=3)
        await communicator.disconnect()
        return pong, info, unknown

    pong, info, unknown = scenario()
    assert pong["type"] == "pong" and pong["timestamp"]
    assert info["type"] == "connection_info" and info["data"]["user_id"] == user.pk
    assert info["data"]["connections"]["tasks"] >= 1
    assert unknown == {"type": "error", "message": "Unknown message type: 'shout'"}


def test_a_user_sees_their_own_tasks_until_they_subscribe_and_then_only_those():
    me, other = reader(), reader()
    mine, also_mine, theirs = make_task(me), make_task(me), make_task(other)
    me_token = token(me)

    @async_to_sync
    async def scenario():
        communicator = socket("/ws/tasks", me_token)
        await communicator.connect()
        await database_sync_to_async(live.publish_task)(theirs.pk)
        await database_sync_to_async(live.publish_task)(mine.pk)
        first = await communicator.receive_json_from(timeout=3)
        await communicator.send_json_to({"type": "subscribe_task", "task_id": str(theirs.pk)})
        refused = await communicator.receive_json_from(timeout=3)
        await communicator.send_json_to({"type": "subscribe_task", "task_id": str(also_mine.pk)})
        subscribed = await communicator.receive_json_from(timeout=3)
        await database_sync_to_async(live.publish_task)(mine.pk)  # no longer shown: not subscribed
        await database_sync_to_async(live.publish_task)(also_mine.pk)
        second = await communicator.receive_json_from(timeout=3)
        quiet = await communicator.receive_nothing(timeout=0.2)
        await communicator.disconnect()
        return first, refused, subscribed, second, quiet

    first, refused, subscribed, second, quiet = scenario()
    assert first["type"] == "task_update" and first["data"]["id"] == str(mine.pk)
    assert refused == {"type": "error", "message": "Task not found", "task_id": str(theirs.pk)}
    assert subscribed == {"type": "subscribed", "task_id": str(also_mine.pk)}
    assert second["data"]["id"] == str(also_mine.pk) and quiet


def test_an_import_reports_its_progress_live_to_its_owner():
    user = UserFactory()
    user.groups.add(*inventory_admin().groups.all())
    user_token = token(user)

    @async_to_sync
    async def scenario():
        communicator = socket("/ws/tasks", user_token)
        await communicator.connect()
        await database_sync_to_async(imports.start_import)(user, LCSC.encode(), filename=LCSC_NAME)
        updates = []
        while not updates or updates[-1]["data"]["status"] not in ("COMPLETED", "FAILED"):
            updates.append(await communicator.receive_json_from(timeout=5))
        await communicator.disconnect()
        return updates

    updates = scenario()
    statuses = [update["data"]["status"] for update in updates]
    assert statuses[0] == "PENDING" and "RUNNING" in statuses and statuses[-1] == "COMPLETED"
    progress = [update["data"]["progress_percentage"] for update in updates]
    assert progress == sorted(progress) and progress[-1] == 100
    assert updates[-1]["data"]["result_data"]["items_imported"] == 5


def test_admins_read_system_stats_and_broadcast_to_every_task_socket():
    admin, user = inventory_admin(), reader()
    make_task(user)
    admin_token, user_token = token(admin), token(user)

    @async_to_sync
    async def scenario():
        watcher = socket("/ws/tasks", user_token)
        await watcher.connect()
        console = socket("/ws/admin", admin_token)
        await console.connect()
        await console.send_json_to({"type": "get_system_stats"})
        stats = await console.receive_json_from(timeout=3)
        await console.send_json_to(
            {"type": "broadcast_notification", "message": "Stocktake at 5 pm", "level": "warning"}
        )
        to_admin = await received(console, 2)
        to_user = await watcher.receive_json_from(timeout=3)
        await console.send_json_to({"type": "broadcast_notification", "message": ""})
        refused = await console.receive_json_from(timeout=3)
        await watcher.disconnect()
        await console.disconnect()
        return stats, to_admin, to_user, refused

    stats, to_admin, to_user, refused = scenario()
    assert stats["type"] == "system_stats" and stats["data"]["tasks"] == {"PENDING": 1}
    assert stats["data"]["connections"] == {"tasks": 1, "admin": 1}
    notice = {"type": "notification", "message": "Stocktake at 5 pm", "level": "warning"}
    assert to_user == notice and notice in to_admin and {"type": "broadcast_sent"} in to_admin
    assert refused["type"] == "error"
