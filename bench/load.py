"""Load benchmark: many users reading and writing at once, on a large municipality.

    python -m bench.load --people 30000 --users 50 --seconds 300 --think 0 2

The issue's target: 50 concurrent users on 30,000 residents on PostgreSQL for 5 minutes,
p95 of page reads at most 300 ms and of writes at most 500 ms, and no errors. Same set-up as
``bench.pages`` (production settings under gunicorn, sessions made directly, Server-Timing
for the time inside Django). Each user is a professional or a resident, as in real use:

- professionals read their caseload (with filters) and a person's page, and write notes;
- residents read their plan, their check-ins and the support catalogue.

About one request in six is a write. Results go to bench/results/load.md.

Two phases by default. ``--think 0``: every user fires the next request as soon as the last
one returns (a stress test: 50 such users are far more traffic than 50 people). ``--think 2``:
each user reads a page for 1 to 3 seconds (uniform, mean 2) before the next click, which is
still quick for a person; here the time the user waits is what the target is about.
"""

import http.client
import random
import secrets
import sys
import threading
import time
from urllib.parse import urlencode

from bench.pages import (
    PORT,
    TABLE_HEADER,
    arguments,
    ensure_database,
    environment,
    gunicorn,
    latency_row,
    percentile,
    prepare,
    write_report,
)

TARGET_READ_P95_MS = 300.0
TARGET_WRITE_P95_MS = 500.0
CASELOAD_QUERIES = ["", "?route=volunteering", "?since=over_6m", "?q=de", "?page=2"]
RESIDENT_PAGES = ["/mijn-plan", "/hoe-gaat-het", "/ondersteuning"]


def sessions(env: dict[str, str], n_professionals: int, n_residents: int) -> dict[str, list]:
    """(session key, resident ids in the caseload) per professional; session keys of
    residents. Staff sessions are past their second login step, as in real use."""
    from bench.pages import sessions as page_sessions

    cookies = page_sessions(env, n_professionals=n_professionals, n_residents=n_residents)
    from django.contrib.sessions.models import Session

    from meedoen.people.models import Resident

    professionals = []
    for key in cookies["caseload"]:
        user_id = Session.objects.get(session_key=key).get_decoded()["_auth_user_id"]
        ids = list(Resident.objects.filter(professional_id=user_id)
                   .values_list("pk", flat=True)[:60])
        professionals.append((key, ids))
    return {"professional": professionals, "resident": cookies["plan"]}


def page_of(path: str) -> str:
    """The page a path belongs to, for the per-page table (ids and queries left out)."""
    parts = [p for p in path.split("?")[0].split("/") if p and not p.isdigit()]
    return "/" + "/".join(parts)


def run_load(users: dict[str, list], n_users: int, seconds: float,
             think: float = 0.0) -> dict[str, list]:
    results: dict[str, list] = {"read": [], "write": [], "errors": [], "pages": []}
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret

    def request(connection, method: str, path: str, cookie: str, body: str | None = None):
        headers = {"Cookie": f"{cookie}; csrftoken={csrf}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        client_ms = (time.perf_counter() - started) * 1000
        server_ms = float(response.getheader("Server-Timing", "app;dur=nan").split("dur=")[1])
        return response.status, server_ms, client_ms, response.getheader("Location", "")

    def user_loop(seed: int) -> None:
        rng = random.Random(seed)
        professional = seed % 2 == 0
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while time.monotonic() < stop:
            if think:
                time.sleep(rng.uniform(0.5 * think, 1.5 * think))
            if professional:
                key, caseload = rng.choice(users["professional"])
                cookie = f"sessionid={key}"
                choice = rng.random()
                if choice < 0.33 and caseload:
                    kind, method = "write", "POST"
                    path = f"/mensen/{rng.choice(caseload)}/notities"
                    body = urlencode({"csrfmiddlewaretoken": csrf, "visible_to_resident": "on",
                                      "text": f"Gesprek gehad (belasting {seed})."})
                    expected = (302,)
                elif choice < 0.66 and caseload:
                    kind, method, body, expected = "read", "GET", None, (200,)
                    path = f"/mensen/{rng.choice(caseload)}"
                else:
                    kind, method, body, expected = "read", "GET", None, (200,)
                    path = "/caseload" + rng.choice(CASELOAD_QUERIES)
            else:
                cookie = f"sessionid={rng.choice(users['resident'])}"
                kind, method, body, expected = "read", "GET", None, (200,)
                path = rng.choice(RESIDENT_PAGES)
            try:
                status, server_ms, client_ms, location = request(connection, method, path,
                                                                 cookie, body)
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    results["errors"].append(f"{method} {path}: {error}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                continue
            with lock:
                if status not in expected:
                    results["errors"].append(f"{method} {path}: HTTP {status} {location}")
                else:
                    results[kind].append((server_ms, client_ms))
                    results["pages"].append((page_of(path), server_ms))
        connection.close()

    threads = [threading.Thread(target=user_loop, args=(i,)) for i in range(n_users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main() -> None:
    args = arguments(__doc__.splitlines()[0], users=50, seconds=300, think=(0.0, 2.0))
    env = environment(args.database_url)
    ensure_database(args.database_url)
    prepare(env, args.people)
    users = sessions(env, n_professionals=100, n_residents=300)
    phases = {}
    with gunicorn(env, args.workers):
        run_load(users, args.users, 5)  # warm-up: connections, caches, imports
        for think in args.think:
            phases[think] = run_load(users, args.users, args.seconds, think)

    lines = [
        f"# Load benchmark ({time.strftime('%Y-%m-%d')})",
        "",
        f"{args.people} residents on PostgreSQL, gunicorn with {args.workers} workers, "
        f"{args.users} concurrent users (half professionals, half residents), "
        f"{args.seconds:.0f} s per phase, on this 2-core machine (load generator on the same "
        "machine). Server time = Server-Timing header (inside Django); client time is what "
        "the user waits, including queueing on the 2 cores. The target is checked on the "
        "client time of the phase with think time, and on the server time of every phase.",
    ]
    ok = True
    errors: list[str] = []
    for think, results in phases.items():
        title = ("back to back (stress: no think time)" if not think else
                 f"think time {0.5 * think:.1f} to {1.5 * think:.1f} s between clicks")
        lines += ["", f"## {title}", "",
                  *(line.replace("| page |", "| kind |", 1) for line in TABLE_HEADER)]
        for kind, target in (("read", TARGET_READ_P95_MS), ("write", TARGET_WRITE_P95_MS)):
            line, met = latency_row(kind, results[kind], target)
            lines.append(line)
            ok &= met
            if think:
                ok &= percentile([row[1] for row in results[kind]], 95) <= target
        lines += ["", "Per page (server time):", "",
                  "| page | requests | p50 ms | p95 ms |", "|---|---|---|---|"]
        by_page: dict[str, list[float]] = {}
        for page, server_ms in results["pages"]:
            by_page.setdefault(page, []).append(server_ms)
        for page, times in sorted(by_page.items()):
            lines.append(f"| {page} | {len(times)} | {percentile(times, 50):.1f} | "
                         f"{percentile(times, 95):.1f} |")
        errors += results["errors"]
    write_report("load.md", lines, errors)
    sys.exit(0 if ok and not errors else 1)


if __name__ == "__main__":
    main()
