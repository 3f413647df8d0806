"""A local HTTP server that plays a Bitrix24 portal's incoming webhook (reference/bitrix24.md).

It speaks the real wire format: `POST /rest/<user>/<secret>/<method>[.json]` with a JSON or form
body, `{"result": ..., "time": {...}}` on success, `{"error", "error_description"}` with the
documented HTTP status on failure, and `batch` with per-command `result_error`. Tests inject
failures (`fail_next`), take the portal down and up again (`down()`, `up()`), and read what it
holds (`entities`) and what it was asked (`calls`).
"""

import itertools
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache

from crm.bitrix import php, userfields
from crm.bitrix.portal import portal

SECRET = "s3cr3tc0de"
ENTITIES = ("contact", "deal", "lead")
INVOICE_PDF = b"%PDF-1.4\n% fake invoice\n%%EOF\n"
PAGE = 50


@dataclass
class Page:
    rows: list
    total: int
    more: dict


def _matches(row: dict, wanted: dict) -> bool:
    """Bitrix filter keys: `FIELD` equals, `>FIELD` greater than (dates compare as ISO strings)."""
    for key, value in wanted.items():
        if key.startswith(">"):
            if not str(row.get(key[1:], "")) > str(value):
                return False
        elif str(row.get(key)) != str(value):
            return False
    return True


class FakeBitrix:
    def __init__(self):
        self.lock = threading.Lock()
        self.ids = itertools.count(101)
        self.entities: dict[str, dict[int, dict]] = {name: {} for name in ENTITIES}
        self.categories: dict[int, dict] = {}
        self.documents: dict[int, list[dict]] = {}  # deal id -> generated documents
        self.disk_files: dict[int, dict] = {}
        self.userfields: dict[str, list[dict]] = {name: [] for name in ENTITIES}
        self.calls: list[tuple[str, dict]] = []  # every method run, batch sub-commands included
        self.requests = 0  # HTTP requests received
        self.fail_next: list[tuple[int, str]] = []  # (HTTP status, error code), consumed per call
        self.server = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------
    def up(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler_class())
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def down(self):
        """Stop listening: calls now fail to connect, as when the portal is unreachable."""
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/rest/1/{SECRET}/"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def methods_called(self) -> list[str]:
        return [method for method, _ in self.calls]

    # -- the portal's behaviour ---------------------------------------------------------
    def handle(self, method: str, params: dict):
        """Returns `(status, body)` for one REST call."""
        self.calls.append((method, params))
        if self.fail_next:
            status, code = self.fail_next.pop(0)
            return status, {"error": code, "error_description": f"{code} (injected)"}
        if method == "batch":
            return 200, {"result": self._batch(params), "time": {}}
        try:
            result = self._dispatch(method, params)
        except KeyError as missing:
            return 400, {"error": "ERROR_CORE", "error_description": f"Not found: {missing}"}
        except ValueError as refused:
            return 400, {"error": "ERROR_CORE", "error_description": str(refused)}
        if result is NotImplemented:
            return 404, {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}
        if isinstance(result, Page):
            return 200, {"result": result.rows, "total": result.total, **result.more, "time": {}}
        return 200, {"result": result, "time": {"start": 0, "finish": 0}}

    def _page(self, rows, params):
        """List methods answer 50 rows a page, with `total` and, while more remain, `next`."""
        start = int(params.get("start") or 0)
        more = {"next": start + PAGE} if start + PAGE < len(rows) else {}
        return Page(rows[start : start + PAGE], len(rows), more)

    def _dispatch(self, method: str, params: dict):
        parts = method.split(".")
        if len(parts) == 3 and parts[0] == "crm" and parts[1] in ENTITIES:
            return self._entity_method(parts[1], parts[2], params)
        if parts[0] == "crm" and parts[1] in ENTITIES and parts[2:] == ["userfield", "add"]:
            return self._add_userfield(parts[1], params)
        handlers = {
            "crm.duplicate.findbycomm": self._find_by_comm,
            "crm.dealcategory.list": lambda p: list(self.categories.values()),
            "crm.dealcategory.add": self._add_category,
            "crm.documentgenerator.document.list": self._documents,
            "crm.documentgenerator.document.get": self._document,
            "disk.folder.uploadfile": self._upload,
        }
        handler = handlers.get(method)
        return handler(params) if handler else NotImplemented

    def _entity_method(self, entity: str, action: str, params: dict):
        store = self.entities[entity]
        if action == "add":
            new_id = next(self.ids)
            store[new_id] = {"ID": str(new_id), **params.get("fields", {})}
            return new_id
        if action == "update":
            store[int(params["id"])].update(params.get("fields", {}))
            return True
        if action == "get":
            return store[int(params["id"])]
        if action == "list":
            return self._page([row for row in store.values() if _matches(row, params.get("filter", {}))], params)
        if action == "fields":
            own = {f["FIELD_NAME"]: {"type": f["USER_TYPE_ID"], "isDynamic": True} for f in self.userfields[entity]}
            return {"ID": {"type": "integer", "isDynamic": False}, "TITLE": {"type": "string"}, **own}
        return NotImplemented

    def _find_by_comm(self, params):
        kind, values = params.get("type"), params.get("values", [])
        hits = [
            int(row["ID"])
            for row in self.entities["contact"].values()
            if any(entry.get("VALUE") in values for entry in row.get(kind, []))
        ]
        return {"CONTACT": hits} if hits else []

    def _add_category(self, params):
        new_id = len(self.categories) + 1
        self.categories[new_id] = {"ID": str(new_id), **params.get("fields", {})}
        return new_id

    def add_invoice(self, deal_id: int, title: str = "Invoice #1") -> dict:
        document_id = next(self.ids)
        document = {
            "id": str(document_id),
            "title": title,
            "createTime": "2026-01-01T10:00:00+00:00",
            "pdfId": str(document_id),
            "pdfUrlMachine": f"{self.base}/documents/{document_id}.pdf",
            "pdfUrl": f"{self.base}/documents/{document_id}.pdf",
        }
        self.documents.setdefault(int(deal_id), []).append(document)
        return document

    def _documents(self, params):
        deal_id = int(params.get("filter", {}).get("entityId", 0))
        return {"documents": self.documents.get(deal_id, [])}

    def _document(self, params):
        for documents in self.documents.values():
            for document in documents:
                if document["id"] == str(params["id"]):
                    return {"document": document}
        raise KeyError(params["id"])

    def _upload(self, params):
        file_id = next(self.ids)
        name, content = params["fileContent"]
        stored_name = params.get("data", {}).get("NAME", name)
        self.disk_files[file_id] = {"ID": file_id, "NAME": stored_name, "size": len(content)}
        return {"ID": file_id, "NAME": self.disk_files[file_id]["NAME"]}

    def _add_userfield(self, entity: str, params):
        """Bitrix24 prefixes the name itself and refuses names over 20 characters with it."""
        field = dict(params.get("fields", {}))
        name = "UF_CRM_" + field.get("FIELD_NAME", "")
        if len(name) > 20 or any(f["FIELD_NAME"] == name for f in self.userfields[entity]):
            raise ValueError(f"Invalid or taken field name {name}")
        field["FIELD_NAME"] = name
        self.userfields[entity].append(field)
        return sum(len(fields) for fields in self.userfields.values())

    def _batch(self, params):
        results, errors = {}, {}
        for key, command in (params.get("cmd") or {}).items():
            method, _, query = command.partition("?")
            status, body = self.handle(method, php.decode(parse_qsl(query, keep_blank_values=True)))
            if "error" in body:
                errors[key] = {"error": body["error"], "error_description": body["error_description"]}
                if str(params.get("halt")) == "1":
                    break
            else:
                results[key] = body["result"]
        return {"result": results, "result_error": errors, "result_total": [], "result_next": [], "result_time": {}}

    # -- HTTP ---------------------------------------------------------------------------
    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body, content_type="application/json"):
                payload = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):  # noqa: N802 (http.server's naming)
                if self.path.startswith("/documents/"):
                    return self._reply(200, INVOICE_PDF, "application/pdf")
                return self._reply(404, {"error": "NOT_FOUND", "error_description": "No such document"})

            def do_POST(self):  # noqa: N802
                parts = urlsplit(self.path).path.strip("/").split("/")
                if len(parts) != 4 or parts[0] != "rest":
                    return self._reply(404, {"error": "NOT_FOUND", "error_description": "Unknown path"})
                if parts[2] != SECRET:
                    return self._reply(401, {"error": "INVALID_CREDENTIALS", "error_description": "Invalid request"})
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if "json" in (self.headers.get("Content-Type") or ""):
                    params = json.loads(raw or b"{}")
                else:
                    params = php.decode(parse_qsl(raw.decode(), keep_blank_values=True))
                with fake.lock:
                    fake.requests += 1
                    status, body = fake.handle(parts[3].removesuffix(".json"), params)
                return self._reply(status, body)

        return Handler


@pytest.fixture
def fake_bitrix():
    fake = FakeBitrix().up()
    yield fake
    fake.down()


@pytest.fixture
def bitrix(settings, fake_bitrix):
    """Bitrix24 switched on, pointing at the local fake portal, with no real pauses; the portal
    already has our user fields, as it has after the first drain (test_userfields starts before)."""
    settings.BITRIX_WEBHOOK_URL = fake_bitrix.webhook_url
    settings.BITRIX_RATE_PER_SECOND = 1000
    settings.BITRIX_RATE_LIMIT_BACKOFF = [0, 0]
    cache.clear()
    userfields.ensure_user_fields(portal())
    fake_bitrix.calls.clear()
    fake_bitrix.requests = 0
    yield fake_bitrix
    cache.clear()
