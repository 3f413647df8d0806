"""Domain errors: what a service raises when it refuses an operation. No HTTP, no DRF.

Services of every app raise these; each API dialect renders them (config/api/errors.py maps them
to its neutral `ApiError`), and the customer pages put them on their forms (`problems_by_field`).
Codes are the domain's own words (`invalid_move`, `invalid_status`); a dialect may translate them
into its wire codes (the configurator's pydantic-style `value_error.tree.invalid_move`).
"""

from dataclasses import dataclass

NON_FIELD = "non_field_errors"


class DomainError(Exception):
    """Base of every refusal a service can raise."""

    default_message = "The operation was refused"

    def __init__(self, message: str = "", code: str = ""):
        self.message = message or self.default_message
        self.code = code
        super().__init__(self.message)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input field (or the whole request, `NON_FIELD`)."""

    field: str
    message: str
    code: str = "invalid"


class Refused(DomainError):
    """Input whose meaning cannot be applied: one or more field problems (a dialect's 422)."""

    default_message = "Validation failed"

    def __init__(self, field: str | None = None, message: str = "", code: str = "invalid", *, problems=()):
        self.problems = list(problems) or [Problem(field or NON_FIELD, message, code)]
        super().__init__(self.problems[0].message, self.problems[0].code)

    @classmethod
    def of(cls, problems_by_field: dict[str, list[str]], code: str = "invalid") -> "Refused":
        """Every problem at once, for engines that collect them all before failing."""
        return cls(problems=[Problem(f, m, code) for f, messages in problems_by_field.items() for m in messages])

    def by_field(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.field, []).append(problem.message)
        return grouped


class Rejected(DomainError):
    """A request understood and refused as a whole (a taken username, a body not readable): 400."""


class NotFound(DomainError):
    """The named row does not exist, or the caller may not know it exists."""

    default_message = "Resource not found"


class Conflict(DomainError):
    """The operation collides with existing state (a duplicate, a race lost)."""

    default_message = "Resource already exists"


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    default_message = "You do not have permission to perform this action."


class Unavailable(DomainError):
    """An integration the operation needs is off or unreachable; `setting` names what is missing."""

    default_message = "Service unavailable"

    def __init__(self, message: str = "", code: str = "", *, setting: str = ""):
        self.setting = setting
        message = message or self.default_message
        if setting and setting not in message:
            message = f"{message}: set {setting}"
        super().__init__(message, code)


def problems_by_field(error: DomainError) -> dict[str, list[str]]:
    """A refusal's problems by field, for pages that show them on a form."""
    if isinstance(error, Refused):
        return error.by_field()
    return {NON_FIELD: [error.message]}


class TooManyRequests(DomainError):
    """The caller must wait `retry_after` seconds before trying again (a lockout, a rate limit)."""

    default_message = "Too many requests; try again later."

    def __init__(self, message: str = "", retry_after: int = 1, code: str = "throttled"):
        self.retry_after = max(1, int(retry_after))
        super().__init__(message, code)
