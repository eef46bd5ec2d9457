"""Benchmark: caseload and plan pages with a large municipality, many concurrent users.

    python -m bench.pages --people 30000 --users 20 --seconds 60

Runs the production settings under gunicorn on PostgreSQL (DATABASE_URL, default a local
``meedoen_bench`` database that is created when missing), loads the synthetic municipality
once (kept between runs), signs in professionals and residents, and lets ``--users`` threads
request pages as fast as they are answered. Server time is read from the ``Server-Timing``
header (time inside Django), so the load generator on the same machine does not distort it;
the client-side latency is reported beside it. Results go to bench/results/pages.md.
"""

import argparse
import contextlib
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = 8765
TARGET_P95_MS = 150.0


def environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meedoen.conf.base",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
        "MEEDOEN_DEMO_PASSWORD": "bench-demo-password",
        "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "meedoen-bench-static"),
    }


def ensure_database(database_url: str) -> None:
    import psycopg

    parsed = urlparse(database_url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (name,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare(env: dict[str, str], people: int) -> None:
    meedoen = [str(BIN / "meedoen")]
    subprocess.run([*meedoen, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    # As in a deployment: production settings serve hashed files from the manifest.
    subprocess.run([*meedoen, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    count = subprocess.run(
        [*meedoen, "shell", "-c",
         "from meedoen.people.models import Resident; print(Resident.objects.count())"],
        env=env, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    if count != str(people):
        subprocess.run([*meedoen, "demo", "--people", str(people), "--seed", "1"], env=env,
                       check=True)
    # A running database has been vacuumed and analysed by autovacuum; a freshly loaded one
    # has not (no visibility map, stale counts): read p95 was 349 instead of 276 ms.
    vacuum_analyse(env["DATABASE_URL"])


def vacuum_analyse(database_url: str) -> None:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def sessions(env: dict[str, str], n_professionals: int, n_residents: int) -> dict[str, list]:
    """Session cookies for a sample of professionals and residents (resident logins made here)."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from meedoen.accounts.models import User
    from meedoen.accounts.roles import Role
    from meedoen.people.models import Resident

    def session_for(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if user.role != Role.RESIDENT:
            # Staff sessions are measured after their second step, as in real use.
            device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench",
                                                         defaults={"confirmed": True})
            store[DEVICE_ID_SESSION_KEY] = device.persistent_id
        store.create()
        return store.session_key

    rng = random.Random(7)
    professionals = list(User.objects.filter(role=Role.PROFESSIONAL).order_by("pk"))
    residents = list(Resident.objects.order_by("pk")[1:20001])
    chosen = rng.sample(residents, min(n_residents, len(residents)))
    for resident in chosen:
        if resident.user_id is None:  # logins made by an earlier run are reused
            resident.user = User.objects.create(
                username=f"bench-{resident.pk}", role=Role.RESIDENT,
                municipality_id=resident.municipality_id)
            resident.save(update_fields=["user"])
    return {
        "caseload": [session_for(u) for u in
                     rng.sample(professionals, min(n_professionals, len(professionals)))],
        "plan": [session_for(r.user) for r in chosen],
    }


CASELOAD_QUERIES = ["", "?route=volunteering", "?since=over_6m", "?q=de", "?page=2"]


def run_load(cookies: dict[str, list], users: int, seconds: float) -> dict[str, list]:
    results: dict[str, list] = {"caseload": [], "plan": [], "errors": []}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def user_loop(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while time.monotonic() < stop:
            kind = rng.choice(["caseload", "plan"])
            path = ("/caseload" + rng.choice(CASELOAD_QUERIES)) if kind == "caseload" \
                else "/mijn-plan"
            cookie = f"sessionid={rng.choice(cookies[kind])}"
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    results["errors"].append(f"{path}: {error}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                continue
            client_ms = (time.perf_counter() - started) * 1000
            timing = response.getheader("Server-Timing", "app;dur=nan")
            server_ms = float(timing.split("dur=")[1])
            with lock:
                if response.status != 200:
                    results["errors"].append(f"{path}: HTTP {response.status}")
                else:
                    results[kind].append((server_ms, client_ms))
        connection.close()

    threads = [threading.Thread(target=user_loop, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int):
    """The production WSGI server on PORT for as long as the block runs."""
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "meedoen.wsgi", "-w", str(workers), "-b",
         f"127.0.0.1:{PORT}", "--log-level", "warning"], env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def arguments(description: str, *, users: int, seconds: float,
              think: tuple[float, ...] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    if think is not None:
        parser.add_argument("--think", type=float, nargs="+", default=list(think),
                            help="mean seconds a user reads a page before the next request; "
                                 "one phase per value (0 = back to back)")
    parser.add_argument("--people", type=int, default=30000)
    parser.add_argument("--users", type=int, default=users)
    parser.add_argument("--seconds", type=float, default=seconds)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url",
                        default=os.environ.get("BENCH_DATABASE_URL",
                                               "postgres://postgres@127.0.0.1:5432/meedoen_bench"))
    return parser.parse_args()


TABLE_HEADER = ["| page | requests | server p50 ms | server p95 ms | client p50 ms | "
                "client p95 ms | target p95 ms |", "|---|---|---|---|---|---|---|"]


def latency_row(name: str, rows: list[tuple[float, float]], target: float) -> tuple[str, bool]:
    """A table row from (server ms, client ms) pairs, and whether server p95 meets target."""
    server_ms = [row[0] for row in rows]
    client_ms = [row[1] for row in rows]
    p95 = percentile(server_ms, 95)
    line = (f"| {name} | {len(rows)} | {percentile(server_ms, 50):.1f} | {p95:.1f} | "
            f"{percentile(client_ms, 50):.1f} | {percentile(client_ms, 95):.1f} | "
            f"{target:.0f} |")
    return line, bool(rows) and p95 <= target


def write_report(name: str, lines: list[str], errors: list[str]) -> str:
    lines = [*lines, "", f"Errors: {len(errors)}", *(f"- {error}" for error in errors[:10])]
    report = "\n".join(lines) + "\n"
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / name).write_text(report)
    print(report)
    return report


def percentile(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    args = arguments(__doc__.splitlines()[0], users=20, seconds=60)
    env = environment(args.database_url)
    ensure_database(args.database_url)
    prepare(env, args.people)
    cookies = sessions(env, n_professionals=100, n_residents=300)
    with gunicorn(env, args.workers):
        run_load(cookies, args.users, 5)  # warm-up: connections, caches, imports
        results = run_load(cookies, args.users, args.seconds)

    lines = [
        f"# Page benchmark ({time.strftime('%Y-%m-%d')})",
        "",
        f"{args.people} residents on PostgreSQL, gunicorn with {args.workers} workers, "
        f"{args.users} concurrent users for {args.seconds:.0f} s on this 2-core machine "
        "(load generator on the same machine). Server time = Server-Timing header.",
        "",
        *TABLE_HEADER,
    ]
    ok = True
    for kind in ("caseload", "plan"):
        line, met = latency_row(kind, results[kind], TARGET_P95_MS)
        lines.append(line)
        ok &= met
    write_report("pages.md", lines, results["errors"])
    sys.exit(0 if ok and not results["errors"] else 1)


if __name__ == "__main__":
    main()
