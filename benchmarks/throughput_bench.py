"""Throughput benchmark (issue 10): gunicorn with 2 sync workers on PostgreSQL, loopback only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/throughput_bench.py
        [--seconds 20] [--clients 8] [--repeat 30] [--workers 2]

Creates a throwaway database next to the one DATABASE_URL names, migrates and seeds it (a 10,000-node
configurator tree, 60 mfg orders, the catalogue), serves it with gunicorn on 127.0.0.1, then prints
single-request medians and a fixed-duration mixed read load (mfg orders, services, materials,
configurator types and nodes, /healthz): requests/s, p50/p95/p99 and errors. Everything stops by
itself; the database is dropped at the end.
Targets on 2 cores with the load generator on the same box: >= 200 requests/s with 0 errors;
children <= 10 ms, a page of 50 nodes <= 15 ms, the 10,000-node tree < 100 ms.
"""

import argparse
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGETS = {"rps": 200, "children": 10, "page of 50 nodes": 15, "tree of 10,000 nodes": 100}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def admin_execute(server_url: str, sql: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql)


SEED = """
import json
from decimal import Decimal
import django
django.setup()
from benchmarks.configurator_bench import build_tree
from accounts.services import issue_access_token
from accounts.tests.factories import UserFactory
from configurator.models import ManufacturingType
from orders.tests.factories import OrderFactory

customer = UserFactory(username="bench-customer")
OrderFactory.create_batch(60, user=customer)
product = ManufacturingType.objects.create(
    name="Benchmark Window", base_category="window", base_price=Decimal("200"), base_weight=Decimal("15")
)
root = build_tree(product)
category = root.get_children().first()
print(json.dumps({"token": str(issue_access_token(customer)), "root": root.pk, "category": category.pk,
                  "product": product.pk}))
"""


def prepare(env: dict) -> dict:
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    seeded = subprocess.run([PYTHON, "-c", SEED], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(seeded.stdout.strip().splitlines()[-1])


def serve(env: dict, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"gunicorn did not start: {server.communicate()[1].decode()[-2000:]}")


def median_ms(session, method, url, repeat, **kwargs) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = session.request(method, url, timeout=30, **kwargs)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code < 300, (url, response.status_code, response.text[:300])
    return statistics.median(samples)


def load(base: str, headers: dict, urls: list[str], seconds: float, clients: int) -> dict:
    """`clients` threads request `urls` round robin until the time is up (bounded by construction)."""
    latencies, errors, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset):
        session = requests.Session()
        session.headers.update(headers)
        for url in itertools.islice(itertools.cycle(urls), offset, None):
            if time.monotonic() >= stop_at:
                return
            start = time.perf_counter()
            try:
                status = session.get(base + url, timeout=10).status_code
            except requests.RequestException as error:
                status = repr(error)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors.append((url, status))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / duration,
        "p50": cuts[49],
        "p95": cuts[94],
        "p99": cuts[98],
        "errors": errors,
    }


def verdict(name, value, higher_is_better=False) -> str:
    target = TARGETS[name]
    met = value >= target if higher_is_better else value <= target
    return f"(target {'>=' if higher_is_better else '<='} {target}: {'OK' if met else 'MISSED'})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres")
    name = f"bench_throughput_{os.getpid()}"
    database_url = urlparse(server_url)._replace(path=f"/{name}").geturl()
    admin_execute(server_url, f"CREATE DATABASE {name}")
    server = None
    try:
        with tempfile.TemporaryDirectory() as media:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DATABASE_URL": database_url,
                "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
                "DEBUG": "0",
                "SECURE_SSL_REDIRECT": "0",
                "ALLOWED_HOSTS": "127.0.0.1",
                "MEDIA_ROOT": media,
                "LOG_LEVEL": "WARNING",
                "PYTHONPATH": str(ROOT),
            }
            seeded = prepare(env)
            port = free_port()
            server = serve(env, port, args.workers)
            base = f"http://127.0.0.1:{port}"
            headers = {"Authorization": f"Bearer {seeded['token']}", "Accept-Encoding": "gzip"}
            session = requests.Session()
            session.headers.update(headers)
            nodes = "/api/configurator/v1/attribute-nodes"
            singles = {
                "children": ("GET", f"{base}{nodes}/{seeded['category']}/children", {}),
                "page of 50 nodes": ("GET", f"{base}{nodes}?page=2&size=50", {}),
                "tree of 10,000 nodes": ("GET", f"{base}{nodes}/{seeded['root']}/tree", {}),
                "mfg order list (60)": ("GET", f"{base}/api/mfg/orders", {}),
                "configuration create": (
                    "POST",
                    f"{base}/api/configurator/v1/configurations",
                    {"json": {"manufacturing_type_id": seeded["product"], "name": "Bench"}},
                ),
            }
            print(f"gunicorn, {args.workers} sync workers, PostgreSQL; medians of {args.repeat} requests:")
            for label, (method, url, kwargs) in singles.items():
                median_ms(session, method, url, 3, **kwargs)  # warm the workers' pools and caches
                value = median_ms(session, method, url, args.repeat, **kwargs)
                print(f"  {label:<26} {value:7.1f} ms {verdict(label, value) if label in TARGETS else ''}")

            mixed = [
                "/api/mfg/orders",
                "/api/mfg/services",
                "/api/mfg/materials",
                "/api/configurator/v1/manufacturing-types",
                f"{nodes}?page=1&size=50",
                f"{nodes}/{seeded['category']}/children",
                "/healthz",
            ]
            result = load(base, headers, mixed, args.seconds, args.clients)
            print(
                f"mixed read load, {args.clients} clients for {args.seconds:.0f} s: {result['requests']} requests, "
                f"{result['rps']:.0f} requests/s {verdict('rps', result['rps'], higher_is_better=True)}, "
                f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms, "
                f"errors {len(result['errors'])}"
            )
            for url, status in result["errors"][:5]:
                print(f"  error: {url} -> {status}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        admin_execute(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
