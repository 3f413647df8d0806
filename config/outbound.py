"""Calls to outside JSON services (supplier catalogues, AI providers): bounded in time and in the
size of the answer read, and failing in domain words, so no caller lets a slow or huge answer take
a worker or turns a refusal into a 500. Each caller decides what a status means for its service.
Also: whether a URL someone typed points into the server's own network."""

import ipaddress
import json
import socket
from dataclasses import dataclass
from urllib.parse import urlparse

import requests

from config.errors import Unavailable


@dataclass(frozen=True)
class Reply:
    service: str
    code: str  # the prefix of the Unavailable codes: "supplier" → "supplier_bad_answer"
    status: int
    body: bytes

    def json(self):
        try:
            return json.loads(self.body) if self.body else {}
        except ValueError:
            message = f"{self.service} answered something that is not JSON ({self.status})"
            raise Unavailable(message, f"{self.code}_bad_answer") from None


def fetch(method: str, url: str, *, service: str, code: str, timeout: float, max_bytes: int, where: str = "", **kwargs):
    """The service's `Reply`; unreachable, or an answer over `max_bytes`, is `Unavailable` saying which."""
    try:
        response = requests.request(method, url, timeout=timeout, stream=True, **kwargs)
        body = response.raw.read(max_bytes + 1, decode_content=True)
    except requests.RequestException as exc:
        place = f" at {where}" if where else ""
        raise Unavailable(f"{service} could not be reached{place} ({type(exc).__name__})", f"{code}_down") from None
    if len(body) > max_bytes:
        raise Unavailable(f"{service} answered more than {max_bytes // 2**20} MB", f"{code}_bad_answer")
    return Reply(service, code, response.status_code, body)


def inside_private_network(url: str) -> bool:
    """Whether the URL's host is, or resolves to, an address that is not public (loopback, private,
    link-local such as cloud metadata): owners type these URLs, and the server must not be made to
    post into its own network. A host that does not resolve is left to the post to report."""
    host = urlparse(url).hostname
    if not host:
        return False
    try:
        found = {info[4][0].split("%")[0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return False
    return any(not ipaddress.ip_address(address).is_global for address in found)
