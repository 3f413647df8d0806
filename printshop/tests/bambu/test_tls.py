"""TLS and sign-in as a LAN printer does them: a private-CA certificate naming the serial, `bblp` + access code.

A Mosquitto of the test's own plays the printer's broker: TLS for the listener, plain MQTT on a
second port for the simulated printer that publishes the reports, both behind the access code.
"""

import logging
import os
import shutil
import socket
import subprocess
import threading
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from config.testing.services import service_missing
from printshop.bambu.client import PrinterEndpoint
from printshop.bambu.listener import InMemorySink
from printshop.bambu.simulator import SimulatedPrinter

from .mqtt import new_serial, pump

pytestmark = pytest.mark.services

ACCESS_CODE = "27182818"


def key_and_name(common_name):
    return ec.generate_private_key(ec.SECP256R1()), x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def certificate(subject, key, issuer, issuer_key, *, ca):
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )


def write_pem(path, cert=None, key=None):
    if cert is not None:
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    else:
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return str(path)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def printer_broker(tmp_path, settings):
    """A broker with a certificate for printer `serial`, signed by a CA of its own (as Bambu's are)."""
    if not shutil.which("mosquitto") or not shutil.which("mosquitto_passwd"):
        service_missing("mosquitto is not installed (apt-get install mosquitto)")
    serial = new_serial()
    ca_key, ca_name = key_and_name("Test printer CA")
    ca = certificate(ca_name, ca_key, ca_name, ca_key, ca=True)
    printer_key, printer_name = key_and_name(serial)
    tls_port, plain_port = free_port(), free_port()
    printer_cert = certificate(printer_name, printer_key, ca_name, ca_key, ca=False)
    passwords = tmp_path / "passwords"
    subprocess.run(["mosquitto_passwd", "-b", "-c", str(passwords), "bblp", ACCESS_CODE], check=True)
    config = tmp_path / "mosquitto.conf"
    config.write_text(
        "\n".join(
            [
                "allow_anonymous false",
                f"password_file {passwords}",
                # As root, mosquitto would drop to its own user, who cannot read the test's files.
                "user root" if os.geteuid() == 0 else "",
                "log_dest stderr",
                f"listener {plain_port} 127.0.0.1",
                f"listener {tls_port} 127.0.0.1",
                f"certfile {write_pem(tmp_path / 'printer.pem', cert=printer_cert)}",
                f"keyfile {write_pem(tmp_path / 'printer.key', key=printer_key)}",
                "",
            ]
        )
    )
    broker = subprocess.Popen(["mosquitto", "-c", str(config)], stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(5, broker.kill)  # bounds the wait below if the broker never says it runs
    watchdog.start()
    said = []
    try:
        for line in broker.stderr:
            said.append(line)
            if " running" in line:
                break
        else:
            service_missing(f"mosquitto did not start: {''.join(said)}")
    finally:
        watchdog.cancel()
    threading.Thread(target=broker.stderr.read, daemon=True).start()  # drain, so its log never blocks it
    settings.BAMBU_MQTT_PORT = tls_port
    settings.BAMBU_MQTT_TLS = True
    settings.BAMBU_MQTT_CA_FILE = ""
    printer = SimulatedPrinter(
        serial, "composed-p1s-printing", host="127.0.0.1", port=plain_port, access_code=ACCESS_CODE
    ).start()
    yield {"serial": serial, "printer": printer, "ca_file": write_pem(tmp_path / "ca.pem", cert=ca)}
    printer.stop()
    broker.terminate()
    broker.wait(timeout=5)


@pytest.fixture
def tls_listen(listen):
    def make(endpoint):
        sink = InMemorySink()
        return listen([endpoint], sink=sink), sink

    return make


def test_a_lan_printer_is_reached_over_tls_without_verification_by_default(printer_broker, tls_listen):
    endpoint = PrinterEndpoint.lan(printer_broker["serial"], "127.0.0.1", ACCESS_CODE)
    listener, sink = tls_listen(endpoint)

    pump(listener, lambda: printer_broker["serial"] in sink.latest, what="a report over TLS")

    assert (endpoint.tls, endpoint.verify_tls) == (True, False)
    assert sink.latest[printer_broker["serial"]].snapshot.progress == 46


def test_with_the_ca_set_the_printer_certificate_is_verified_and_must_name_its_serial(
    printer_broker, tls_listen, settings
):
    settings.BAMBU_MQTT_CA_FILE = printer_broker["ca_file"]
    listener, sink = tls_listen(PrinterEndpoint.lan(printer_broker["serial"], "127.0.0.1", ACCESS_CODE))

    pump(listener, lambda: printer_broker["serial"] in sink.latest, what="a report over verified TLS")


def test_a_certificate_for_another_printer_is_refused(printer_broker, tls_listen, settings, caplog):
    settings.BAMBU_MQTT_CA_FILE = printer_broker["ca_file"]
    impostor = PrinterEndpoint.lan("01P000000000999", "127.0.0.1", ACCESS_CODE)

    with caplog.at_level(logging.ERROR, logger="printshop.bambu.client"):
        listener, sink = tls_listen(impostor)
        pump(listener, lambda: "certificate for another printer" in caplog.text, what="the refusal")

    assert sink.latest == {}


def test_a_certificate_from_another_ca_fails_the_handshake(printer_broker, tls_listen, settings, tmp_path, caplog):
    other_key, other_name = key_and_name("Someone else")
    settings.BAMBU_MQTT_CA_FILE = write_pem(
        tmp_path / "other.pem", cert=certificate(other_name, other_key, other_name, other_key, ca=True)
    )

    with caplog.at_level(logging.WARNING, logger="printshop.bambu.client"):
        listener, sink = tls_listen(PrinterEndpoint.lan(printer_broker["serial"], "127.0.0.1", ACCESS_CODE))
        pump(listener, lambda: "CERTIFICATE_VERIFY_FAILED" in caplog.text, what="a failed handshake")

    assert f"cannot reach printer {printer_broker['serial']} at 127.0.0.1:" in caplog.text

    assert sink.latest == {}


def test_a_wrong_access_code_is_refused_said_once_and_never_logged(printer_broker, tls_listen, caplog):
    def refusals():
        return [r.levelname for r in caplog.records if "refused the connection: Not authorized" in r.message]

    wrong = PrinterEndpoint.lan(printer_broker["serial"], "127.0.0.1", "WRONG-CODE-31415")

    with caplog.at_level(logging.DEBUG, logger="printshop.bambu"):
        listener, sink = tls_listen(wrong)
        pump(listener, lambda: len(refusals()) >= 2, what="a refusal and a retry after back-off")
        listener.close()

    assert sink.latest == {}
    assert refusals()[:2] == ["WARNING", "DEBUG"]
    assert "WRONG-CODE-31415" not in caplog.text
