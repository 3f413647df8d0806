"""Logging: Django's dictConfig, plus secrets taken out of the URLs that servers log (issue 9).

A token in a query string (`?token=` on the Bitrix24 webhook and the notifications websocket)
lands in every access log line. `RedactTokens` rewrites such values as `[redacted]` in a record's
message and arguments, keeping their shape (uvicorn's access formatter unpacks its five arguments).
It is set on the servers' access loggers, which keep the handlers their server gave them, and on
our console handler for everything else.
"""

import logging
import logging.config
import re

# A query parameter whose name holds "token" (token, access_token, auth[application_token]...).
TOKEN_IN_QUERY = re.compile(r"""((?:^|[?&;\s"'])[^=&?\s"']*token[^=&?\s"']*=)[^&\s"';]*""", re.IGNORECASE)
REDACTED = "[redacted]"
# runserver (Django's and daphne's), uvicorn and gunicorn: each logs the request line with its query.
ACCESS_LOGGERS = ("django.server", "django.channels.server", "uvicorn.access", "gunicorn.access")


def redact(text: str) -> str:
    return TOKEN_IN_QUERY.sub(rf"\1{REDACTED}", text)


class RedactTokens(logging.Filter):
    """Replaces the values of token query parameters in a record; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict):
            record.args = {key: _redacted(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_redacted(value) for value in record.args)
        if isinstance(record.msg, str) and TOKEN_IN_QUERY.search(record.msg):
            # "?token=%s": the value is an argument still to be put in; redact the finished message.
            record.msg, record.args = redact(record.getMessage()), None
        return True


def _redacted(value):
    return redact(value) if isinstance(value, str) else value


def configure(logging_settings: dict) -> None:
    """`LOGGING_CONFIG`: apply `LOGGING`, then guard the access loggers without replacing their handlers
    (a dictConfig entry for a logger would drop the handlers uvicorn or gunicorn set up)."""
    logging.config.dictConfig(logging_settings)
    for name in ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, RedactTokens) for existing in logger.filters):
            logger.addFilter(RedactTokens())
