"""PROVISIONAL: the print shop dialect's expectations until config/testing/dialects.py has PRINTSHOP."""

from config.api import printshop


class PrintshopExpectations:
    dialect = printshop.dialect

    def record(self, response) -> dict:
        return response.json()

    def items(self, response) -> list:
        body = response.json()
        [key] = set(body) - {"total", "limit", "offset", "page", "pages"}
        return body[key]

    def assert_error(self, response, status: int, *fields: str) -> dict:
        assert response.status_code == status, (response.status_code, response.content)
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert set(body) == {"error", "status"} and body["status"] == status, body
        for field in fields:
            assert field in body["error"], (field, body)
        return body


PRINTSHOP = PrintshopExpectations()
