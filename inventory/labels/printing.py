"""Printing a rendered label on a Brother QL: the printer's settings, the raster job, and where it goes.

Two backends, named by the printer identifier: `tcp://host[:port]` sends the raw job to the
printer's port 9100 (what every networked QL listens on), `file:///path` writes it to a file, for
printing through a spooler or checking a job without a printer. A file is only written inside the
folder the caller allows (`file_root`, from settings), so a printer setting cannot write elsewhere.
"""

import logging
import socket
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from brother_ql.conversion import convert
from brother_ql.raster import BrotherQLRaster

from config.errors import Problem, Refused, Unavailable

from .render import RenderedLabel
from .sizes import LabelSize, feed_range, label_size, printer_model, supports_two_colors

logger = logging.getLogger(__name__)

DEFAULT_PORT = 9100
DEFAULT_TIMEOUT_SECONDS = 10.0
MAX_TIMEOUT_SECONDS = 60.0


class Backend:
    NETWORK = "network"
    FILE = "file"


SCHEMES = {"tcp": Backend.NETWORK, "file": Backend.FILE}


@dataclass(frozen=True)
class PrinterConfig:
    """A Brother QL printer: its model, where jobs go (`tcp://host:9100`, `file:///path`) and the labels loaded.

    Constructing one checks every field and raises `Refused` naming each one that is wrong."""

    model: str
    printer_identifier: str
    label_size: str = "62"
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    destination: tuple[str, str] = field(init=False, repr=False, compare=False)  # (backend, "host:port" or path)

    def __post_init__(self):
        problems: list[Problem] = []
        model = self.checked(problems, printer_model, self.model)
        size = self.checked(problems, label_size, self.label_size)
        destination = self.checked(problems, parse_identifier, self.printer_identifier)
        if model and size:
            problems += label_problems(size, model)
        timeout = self.timeout_seconds
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= MAX_TIMEOUT_SECONDS:
            message = f"The timeout is a number of seconds above 0 and at most {MAX_TIMEOUT_SECONDS:g}."
            problems.append(Problem("timeout_seconds", message, "invalid"))
        if problems:
            raise Refused(problems=problems)
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "label_size", size.identifier)
        object.__setattr__(self, "printer_identifier", str(self.printer_identifier).strip())
        object.__setattr__(self, "destination", destination)

    @staticmethod
    def checked(problems: list[Problem], check, value):
        try:
            return check(value)
        except Refused as refused:
            problems.extend(refused.problems)
            return None

    @classmethod
    def from_dict(cls, data: dict) -> "PrinterConfig":
        """From the printer config body (`POST /printer/config`): a `backend`, when given, must agree
        with the identifier's scheme."""
        config = cls(
            model=data.get("model", ""),
            printer_identifier=data.get("printer_identifier", ""),
            label_size=data.get("label_size") or "62",
            timeout_seconds=data.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS),
        )
        backend = data.get("backend")
        if backend and str(backend).strip().casefold() != config.backend:
            raise Refused(
                "backend",
                f"The backend {backend!r} does not match the identifier {config.printer_identifier!r} "
                f"({config.backend}).",
                "backend_mismatch",
            )
        return config

    @property
    def backend(self) -> str:
        return self.destination[0]

    def as_dict(self) -> dict:
        return {
            "model": self.model,
            "backend": self.backend,
            "printer_identifier": self.printer_identifier,
            "label_size": self.label_size,
            "timeout_seconds": self.timeout_seconds,
        }


def label_problems(size: LabelSize, model: str) -> list[Problem]:
    """Why a `model` printer cannot print on `size` labels; empty when it can."""
    problems = []
    if not size.fits(model):
        only = ", ".join(size.only_for_models)
        problems.append(Problem("label_size", f"{size.name} labels fit only the {only}.", "label_not_for_model"))
    shortest, longest = feed_range(model)
    if size.printable_along and not shortest <= size.printable_along <= longest:
        message = f"The {model} cannot feed {size.name} labels: they are too short or too long for it."
        problems.append(Problem("label_size", message, "label_not_for_model"))
    if size.two_color and not supports_two_colors(model):
        message = f"The {model} cannot print the two-colour {size.name} labels."
        problems.append(Problem("label_size", message, "two_color"))
    return problems


def parse_identifier(identifier: str) -> tuple[str, str]:
    """(backend, where): ("network", "host:port") for tcp://, ("file", "/abs/path") for file://."""
    text = str(identifier).strip()
    parts = urlsplit(text)
    backend = SCHEMES.get(parts.scheme.casefold())
    if backend == Backend.NETWORK and not parts.path.strip("/") and not parts.query:
        try:
            port = parts.port or DEFAULT_PORT
        except ValueError:
            port = None
        if parts.hostname and port:
            return backend, f"{parts.hostname}:{port}"
    if backend == Backend.FILE and not parts.netloc and parts.path.startswith("/") and "\x00" not in parts.path:
        return backend, parts.path
    raise Refused(
        "printer_identifier",
        f"{identifier!r} is not a printer: use tcp://host[:port] for a network printer or file:///path.",
        "invalid_identifier",
    )


def raster_job(label: RenderedLabel, model: str) -> bytes:
    """The Brother QL raster instructions that print `label` on a `model` printer, then cut."""
    model = printer_model(model)
    if problems := label_problems(label.size, model):
        raise Refused(problems=problems)
    qlr = BrotherQLRaster(model)
    qlr.exception_on_warning = True
    convert(qlr, [label.image], label.size.identifier, cut=True, rotate=label.rotation, compress=qlr.model.compression)
    return bytes(qlr.data)


@dataclass(frozen=True)
class PrintResult:
    backend: str
    destination: str
    bytes_sent: int

    def as_dict(self) -> dict:
        return {"backend": self.backend, "destination": self.destination, "bytes_sent": self.bytes_sent}


def print_label(label: RenderedLabel, config: PrinterConfig, *, file_root: Path | None = None) -> PrintResult:
    """Print `label` on the configured printer; `Refused` when it was drawn for other labels than those loaded."""
    if label.size.identifier != config.label_size:
        raise Refused(
            "label_size",
            f"The label was drawn for {label.size.name} labels, but the printer has {config.label_size} loaded.",
            "label_mismatch",
        )
    return send_job(raster_job(label, config.model), config, file_root=file_root)


def send_job(job: bytes, config: PrinterConfig, *, file_root: Path | None = None) -> PrintResult:
    backend, where = config.destination
    if backend == Backend.NETWORK:
        host, port = where.rsplit(":", 1)
        send_over_network(job, host.strip("[]"), int(port), config.timeout_seconds)
    else:
        write_to_file(job, Path(where), file_root)
    logger.info("Sent a %d-byte label job to %s", len(job), config.printer_identifier)
    return PrintResult(backend, config.printer_identifier, len(job))


def send_over_network(job: bytes, host: str, port: int, timeout: float) -> None:
    """The raw job over TCP, as the printers' port 9100 expects it; the printer answers nothing."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(job)
            connection.shutdown(socket.SHUT_WR)
    except OSError as error:
        raise Unavailable(
            f"The label printer at {host}:{port} cannot be reached: {error}.", "printer_unreachable"
        ) from None


def write_to_file(job: bytes, path: Path, file_root: Path | None) -> None:
    if file_root is None:
        raise Unavailable(
            "Printing labels to a file is off: no folder for label files is set.",
            "printer_off",
            setting="INVENTORY_LABEL_DIR",
        )
    root = Path(file_root).resolve()
    target = path.resolve()
    if not target.is_relative_to(root) or target == root:
        raise Refused("printer_identifier", f"Label files are written only inside {root}.", "outside_label_folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(job)
    except OSError as error:
        message = f"The label file {target} cannot be written: {error.strerror}."
        raise Unavailable(message, "printer_unreachable") from None
