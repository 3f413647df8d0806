"""What a response looks like in each API's dialect, for generic and hand-written tests."""

from config.api import configurator, inventory, mfg, printshop, shop


class MfgExpectations:
    dialect = mfg.dialect
    error_codes = {
        400: "BAD_REQUEST",
        401: "UNAUTHORIZED",
        403: "FORBIDDEN",
        404: "NOT_FOUND",
        405: "METHOD_NOT_ALLOWED",
        409: "CONFLICT",
        413: "TOO_LARGE",
        422: "VALIDATION_ERROR",
        500: "INTERNAL_ERROR",
        503: "UNAVAILABLE",
    }

    def items(self, response) -> list:
        body = response.json()
        assert isinstance(body, list), body
        return body

    def record(self, response) -> dict:
        return response.json()

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


class ConfiguratorExpectations:
    """`{message, details: [{detail, field?, error_code?}], request_id}`; pages `{items, total, ...}`."""

    dialect = configurator.dialect

    def items(self, response) -> list:
        body = response.json()
        assert set(body) == {"items", "total", "page", "size", "pages"}, body
        assert isinstance(body["items"], list), body
        return body["items"]

    def record(self, response) -> dict:
        return response.json()

    def assert_error(self, response, status: int, *fields: str) -> dict:
        assert response.status_code == status, (response.status_code, response.content)
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert set(body) == {"message", "details", "request_id"}, body
        assert isinstance(body["message"], str) and body["message"], body
        assert isinstance(body["details"], list), body
        named = {detail.get("field") for detail in body["details"]}
        for field in fields:
            assert field in named, (field, body)
        return body

    def error_codes(self, response) -> set[str]:
        return {detail.get("error_code") for detail in response.json()["details"]}


CONFIGURATOR = ConfiguratorExpectations()


class ShopExpectations:
    """`{"detail": "text"}`; 422 `{"detail": [{loc, msg, type}]}`; 429 adds `retry_after`; pages `{items, total}`."""

    dialect = shop.dialect

    def record(self, response) -> dict:
        return response.json()

    def items(self, response) -> list:
        body = response.json()
        assert set(body) == {"items", "total"}, body
        assert isinstance(body["items"], list), body
        return body["items"]

    def assert_error(self, response, status: int, *fields: str) -> dict:
        assert response.status_code == status, (response.status_code, response.content)
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        if status == 422:
            assert set(body) == {"detail"} and isinstance(body["detail"], list), body
            named = {item["loc"][-1] for item in body["detail"]}
            assert all({"loc", "msg", "type"} == set(item) for item in body["detail"]), body
            for field in fields:
                assert field in named, (field, body)
        elif status == 429:
            assert set(body) == {"detail", "retry_after"} and body["retry_after"] >= 1, body
        else:
            assert set(body) == {"detail"} and isinstance(body["detail"], str) and body["detail"], body
        return body


SHOP = ShopExpectations()


class InventoryExpectations:
    """`{status, message, data}` on every answer; errors have status "error" and 422 lists field errors."""

    dialect = inventory.dialect

    def envelope(self, response) -> dict:
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert {"status", "message", "data"} <= set(body), body
        return body

    def record(self, response) -> dict:
        body = self.envelope(response)
        assert body["status"] == "success", body
        return body["data"]

    def items(self, response) -> list:
        """A page of parts (`data` with page, page_size, total_parts) or `{"categories": [...]}`."""
        data = self.record(response)
        if isinstance(data, dict):
            [data] = data.values()
        assert isinstance(data, list), data
        return data

    def assert_error(self, response, status: int, *fields: str) -> dict:
        assert response.status_code == status, (response.status_code, response.content)
        body = self.envelope(response)
        assert set(body) == {"status", "message", "data"}, body
        assert body["status"] == "error", body
        assert isinstance(body["message"], str) and body["message"], body
        if fields:
            named = {error["field"] for error in body["data"]}
            for field in fields:
                assert field in named, (field, body)
        return body


INVENTORY = InventoryExpectations()


class PrintshopExpectations:
    """`{"error", "status"}` on every failure (validation is 400); lists are named pages."""

    dialect = printshop.dialect

    def record(self, response) -> dict:
        return response.json()

    def items(self, response, collection: str = "data") -> list:
        body = response.json()
        if isinstance(body, list):
            return body
        assert {"total", "limit", "offset", "page", "pages"} <= set(body), body
        assert isinstance(body[collection], list), body
        return body[collection]

    def assert_error(self, response, status: int, *fields: str) -> dict:
        assert response.status_code == status, (response.status_code, response.content)
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert set(body) == {"error", "status"} and body["status"] == status, body
        assert isinstance(body["error"], str) and body["error"], body
        for field in fields:
            assert f"{field}:" in body["error"], (field, body)
        return body


PRINTSHOP = PrintshopExpectations()
