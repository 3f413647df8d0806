"""A JSON-speaking HTTP server on 127.0.0.1 for tests that play an outside service.

A fake subclasses `JsonServer` and writes `answer(method, path, headers, query, body)` returning
`(status, json_body)` or `(status, json_body, extra_headers)`; headers are the request's
(case-insensitive), the query parsed, the body bytes.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class JsonServer:
    server = None
    port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answer(self, method: str, path: str, headers: dict, query: dict, body: bytes) -> tuple[int, dict]:
        raise NotImplementedError

    def up(self, port: int = 0):
        """Listen on `port` (a free one by default; a stopped fake comes back on its old one)."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                url = urlparse(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer, *extra = fake.answer(self.command, url.path, self.headers, parse_qs(url.query), body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (extra[0] if extra else {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve  # noqa: N815 (http.server's hook names)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def down(self) -> int:
        """Stop listening, as a service gone offline (again is harmless); the port, to come back on."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        return self.port
