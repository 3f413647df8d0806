"""One MQTT connection to one Bambu Lab printer (paho-mqtt 2.x).

A LAN printer is its own broker: TLS on 8883 with a certificate signed by Bambu's own CA and naming
the printer's serial, user `bblp`, the LAN access code as password. The client subscribes to
`device/{SERIAL}/report`, asks for a full report (`pushall`) each time it connects, and reconnects
with doubling back-off on its own network thread. The access code is never logged or repr'd.
"""

from __future__ import annotations

import json
import logging
import secrets
import ssl
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt
from django.conf import settings
from paho.mqtt.enums import CallbackAPIVersion

logger = logging.getLogger(__name__)

LAN_USERNAME = "bblp"
PUSHALL = {"pushing": {"sequence_id": "0", "command": "pushall"}}


def report_topic(serial: str) -> str:
    return f"device/{serial}/report"


def request_topic(serial: str) -> str:
    return f"device/{serial}/request"


@dataclass(frozen=True)
class PrinterEndpoint:
    """Where and how to reach one printer's reports; `last_report` is the stored merged report."""

    serial: str
    host: str
    port: int
    username: str
    password: str = field(repr=False)
    tls: bool = True
    verify_tls: bool = False
    ca_file: str = ""  # the CA (or the printer's own certificate, pinned) to verify against; "" = system CAs
    verify_hostname: bool = False  # LAN certificates name the serial, not the address; the cloud's name its host
    last_report: dict | None = field(default=None, repr=False, compare=False)

    @classmethod
    def lan(cls, serial: str, host: str, access_code: str, *, last_report: dict | None = None) -> PrinterEndpoint:
        """A printer on the LAN, by the settings: verification is off unless BAMBU_MQTT_CA_FILE is set."""
        return cls(
            serial=serial,
            host=host,
            port=settings.BAMBU_MQTT_PORT,
            username=LAN_USERNAME,
            password=access_code,
            tls=settings.BAMBU_MQTT_TLS,
            verify_tls=bool(settings.BAMBU_MQTT_CA_FILE),
            ca_file=settings.BAMBU_MQTT_CA_FILE,
            last_report=last_report,
        )

    @classmethod
    def cloud(cls, serial: str, user_id: str, token: str, *, last_report: dict | None = None) -> PrinterEndpoint:
        """A printer through Bambu's cloud broker: user `u_{id}`, the account's token, a public certificate."""
        return cls(
            serial=serial,
            host=settings.BAMBU_CLOUD_MQTT_HOST,
            port=settings.BAMBU_CLOUD_MQTT_PORT,
            username=f"u_{user_id}",
            password=token,
            tls=True,
            verify_tls=True,
            verify_hostname=True,
            last_report=last_report,
        )


def tls_context(endpoint: PrinterEndpoint) -> ssl.SSLContext:
    if not endpoint.verify_tls:
        # A LAN printer's certificate is signed by a CA nobody ships; encryption without verification
        # is the default on a trusted LAN, and BAMBU_MQTT_CA_FILE turns verification on.
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    context = ssl.create_default_context(cafile=endpoint.ca_file or None)
    context.check_hostname = endpoint.verify_hostname
    return context


def certificate_names(peer_certificate: dict | None) -> set[str]:
    """The common names of a verified peer certificate (`ssl.SSLSocket.getpeercert()`)."""
    names = set()
    for rdn in (peer_certificate or {}).get("subject", ()):
        names.update(value for key, value in rdn if key == "commonName")
    return names


class PrinterClient:
    """Keeps one printer's report stream flowing into `on_report(serial, payload_bytes)`.

    `on_report` runs on this client's network thread; keep it to a queue put.
    """

    def __init__(
        self,
        endpoint: PrinterEndpoint,
        on_report: Callable[[str, bytes], None],
        *,
        keepalive: int = 60,
        reconnect_min_seconds: int = 1,
        reconnect_max_seconds: int = 60,
    ):
        self.endpoint = endpoint
        self._on_report = on_report
        self._keepalive = keepalive
        self.connected = False
        self._stopping = False
        self._failing = False
        self._mqtt = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=f"platform-{endpoint.serial}-{secrets.token_hex(4)}",
            protocol=mqtt.MQTTv311,
            clean_session=True,
        )
        if logger.isEnabledFor(logging.DEBUG):
            self._mqtt.on_log = self._paho_log
        self._mqtt.username_pw_set(endpoint.username, endpoint.password)
        if endpoint.tls:
            self._mqtt.tls_set_context(tls_context(endpoint))
        self._mqtt.reconnect_delay_set(reconnect_min_seconds, reconnect_max_seconds)
        self._mqtt.on_connect = self._connected
        self._mqtt.on_disconnect = self._disconnected
        self._mqtt.on_connect_fail = self._connect_failed
        self._mqtt.message_callback_add(report_topic(endpoint.serial), self._message)

    def start(self) -> None:
        """Connect in the background; a printer that is off is retried with back-off, never raised."""
        self._mqtt.connect_async(self.endpoint.host, self.endpoint.port, keepalive=self._keepalive)
        self._mqtt.loop_start()

    def stop(self) -> None:
        self._stopping = True
        self._mqtt.disconnect()
        self._mqtt.loop_stop()

    def request_full_report(self) -> None:
        self._mqtt.publish(request_topic(self.endpoint.serial), json.dumps(PUSHALL))

    def _connected(self, client, userdata, flags, reason_code, properties) -> None:
        serial = self.endpoint.serial
        if reason_code.is_failure:
            # "Not authorized" is a wrong access code (never logged itself); paho retries, we say it once.
            level = logging.DEBUG if self._failing else logging.WARNING
            self._failing = True
            logger.log(level, "printer %s at %s refused the connection: %s", serial, self.endpoint.host, reason_code)
            return
        if self.endpoint.verify_tls and not self.endpoint.verify_hostname and not self._names_serial():
            logger.error("printer %s at %s shows a certificate for another printer", serial, self.endpoint.host)
            client.disconnect()
            return
        logger.info("connected to printer %s at %s:%s", serial, self.endpoint.host, self.endpoint.port)
        self.connected, self._failing = True, False
        client.subscribe(report_topic(serial))
        self.request_full_report()

    def _names_serial(self) -> bool:
        sock = self._mqtt.socket()
        peer = sock.getpeercert() if isinstance(sock, ssl.SSLSocket) else None
        return self.endpoint.serial in certificate_names(peer)

    def _disconnected(self, client, userdata, flags, reason_code, properties) -> None:
        if self.connected and not self._stopping:
            logger.warning("lost printer %s at %s: %s", self.endpoint.serial, self.endpoint.host, reason_code)
        self.connected = False

    def _connect_failed(self, client, userdata) -> None:
        """Paho retries with back-off and keeps the cause to itself; it is the exception being handled."""
        cause = sys.exc_info()[1]
        level = logging.DEBUG if self._failing else logging.WARNING
        self._failing = True
        where = f"{self.endpoint.host}:{self.endpoint.port}"
        logger.log(level, "cannot reach printer %s at %s, retrying: %s", self.endpoint.serial, where, cause)

    @staticmethod
    def _paho_log(client, userdata, level, message) -> None:
        # Paho's own lines are protocol detail (it even calls a normal stop an error); ours carry the news.
        logger.debug("mqtt: %s", message)

    def _message(self, client, userdata, message) -> None:
        self._on_report(self.endpoint.serial, message.payload)
