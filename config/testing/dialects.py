"""What a response looks like in each API's dialect, for generic and hand-written tests."""

from config.api import mfg


class MfgExpectations:
    dialect = mfg.dialect
    error_codes = {
        400: "BAD_REQUEST",
        401: "UNAUTHORIZED",
        403: "FORBIDDEN",
        404: "NOT_FOUND",
        405: "METHOD_NOT_ALLOWED",
        409: "CONFLICT",
        422: "VALIDATION_ERROR",
        500: "INTERNAL_ERROR",
    }

    def items(self, response) -> list:
        body = response.json()
        assert isinstance(body, list), body
        return body

    def assert_error(self, response, status: int, *fields: str) -> dict:
        assert response.status_code == status, (response.status_code, response.content)
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert set(body) == {"error", "message", "details"}, body
        assert body["error"] == self.error_codes[status], body
        assert isinstance(body["message"], str) and body["message"], body
        for field in fields:
            assert field in body["details"] and body["details"][field], body
        return body


MFG = MfgExpectations()
