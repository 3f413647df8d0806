"""What a domain app announced during a block, for tests that stop at the app's boundary."""

import contextlib


@contextlib.contextmanager
def announced(signal):
    """Collect the keyword arguments of every send of `signal` inside the block."""
    sent = []

    def record(sender, **kwargs):
        kwargs.pop("signal", None)
        sent.append(kwargs)

    signal.connect(record, weak=False)
    try:
        yield sent
    finally:
        signal.disconnect(record)
