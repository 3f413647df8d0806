"""Bitrix24 failures, split into those worth retrying and those that need a person (reference §1, §5)."""

TRANSIENT_CODES = frozenset(
    {"QUERY_LIMIT_EXCEEDED", "OPERATION_TIME_LIMIT", "INTERNAL_SERVER_ERROR", "ERROR_UNEXPECTED_ANSWER"}
)
RATE_LIMITED = "QUERY_LIMIT_EXCEEDED"


class BitrixError(Exception):
    """A call that Bitrix24 (or the road to it) refused; never carries the secret webhook URL."""

    transient = False

    def __init__(self, code: str, description: str = "", http_status: int | None = None):
        self.code = code
        self.description = description
        self.http_status = http_status
        super().__init__(f"{code}: {description}" if description else code)


class BitrixTransientError(BitrixError):
    """Rate limits, timeouts, 5xx: try again later."""

    transient = True


class BitrixPermanentError(BitrixError):
    """Bad credentials, missing scope or method, invalid fields: retrying will not help."""


class BitrixDisabled(Exception):
    """The integration is off: BITRIX_WEBHOOK_URL is not set."""


def classify(http_status: int | None, code: str, description: str = "") -> BitrixError:
    transient = code in TRANSIENT_CODES or http_status is None or http_status >= 500 or http_status == 429
    error_class = BitrixTransientError if transient else BitrixPermanentError
    return error_class(code, description, http_status)
