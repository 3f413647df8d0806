"""Tokens in query strings never reach the logs (issue 9): config/logs.py."""

import logging

import pytest
from uvicorn.logging import AccessFormatter

from config.logs import RedactTokens

SECRET = "s3cret-Token_value"


@pytest.fixture
def captured(caplog):
    """caplog also for the access loggers that do not propagate to the root (runserver's)."""
    attached = []

    def capture(name):
        logger = logging.getLogger(name)
        if not logger.propagate:
            logger.addHandler(caplog.handler)
            attached.append(logger)
        return logger

    caplog.set_level(logging.INFO)
    yield capture
    for logger in attached:
        logger.removeHandler(caplog.handler)


@pytest.mark.parametrize(
    "path",
    [
        "/api/mfg/bitrix/webhook?token={}",
        "/api/mfg/bitrix/webhook?a=1&token={}&b=2",
        "/ws/notifications?access_token={}",
        "/api/mfg/bitrix/webhook?auth%5Bapplication_token%5D={}",
    ],
)
def test_django_runserver_request_lines_are_redacted(captured, caplog, path):
    # The call Django's WSGIRequestHandler makes for every request (BaseHTTPRequestHandler.log_request).
    captured("django.server").info('"%s" %s %s', f"POST {path.format(SECRET)} HTTP/1.1", "200", "43")
    assert SECRET not in caplog.text
    assert "[redacted]" in caplog.text and caplog.records[0].getMessage().endswith(" 200 43")


def test_daphne_runserver_lines_with_mapping_arguments_are_redacted(captured, caplog):
    details = {"method": "POST", "path": f"/api/mfg/bitrix/webhook?token={SECRET}", "status": 403}
    captured("django.channels.server").warning("HTTP %(method)s %(path)s %(status)s", details)
    assert caplog.messages == ["HTTP POST /api/mfg/bitrix/webhook?token=[redacted] 403"]


def test_uvicorn_access_lines_are_redacted_and_still_formatted(captured, caplog):
    captured("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d', "10.0.0.1:5000", "POST", f"/api/mfg/bitrix/webhook?token={SECRET}", "1.1", 200
    )
    line = AccessFormatter("%(client_addr)s %(request_line)s %(status_code)s").format(caplog.records[0])
    assert line == "10.0.0.1:5000 POST /api/mfg/bitrix/webhook?token=[redacted] HTTP/1.1 200 OK"


def test_gunicorn_access_atoms_are_redacted(captured, caplog):
    atoms = {"r": f"GET /ws/notifications?token={SECRET} HTTP/1.1", "q": f"token={SECRET}&x=1", "s": "101"}
    captured("gunicorn.access").info('"%(r)s" %(s)s %(q)s', atoms)
    assert caplog.messages == ['"GET /ws/notifications?token=[redacted] HTTP/1.1" 101 token=[redacted]&x=1']


def test_our_own_messages_through_the_root_handlers_are_redacted():
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RedactTokens) for f in h.filters))
    record = logging.LogRecord("crm", logging.INFO, __file__, 1, "calling %s?token=%s", ("/hook", SECRET), None)
    assert handler.filter(record)
    assert record.getMessage() == "calling /hook?token=[redacted]"


def test_other_query_parameters_and_paths_are_left_alone(captured, caplog):
    captured("django.server").info('"%s" %s %s', "GET /api/token/refresh?page=2&tokens_left HTTP/1.1", "200", "1")
    assert caplog.messages == ['"GET /api/token/refresh?page=2&tokens_left HTTP/1.1" 200 1']
