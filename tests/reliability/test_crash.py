"""A server killed mid-write loses no confirmed write and stores none twice.

Runs the production settings under gunicorn on a database of its own (a SQLite file, or the
PostgreSQL server named by DATABASE_URL), lets a few clients write notes as fast as they
are confirmed, kills the whole server with SIGKILL, and then checks the database: every
note whose request was answered with a redirect (the confirmation) is there exactly once.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(env: dict, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "meedoen", *args], env=env, check=True,
                          capture_output=True, text=True, timeout=300).stdout


@pytest.fixture
def server_env(tmp_path):
    base = os.environ.get("DATABASE_URL", "")
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "meedoen.conf.base", "DEBUG": "false",
        "SECRET_KEY": "crash-test-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false", "LOG_LEVEL": "ERROR",
        "MEEDOEN_VAR_DIR": str(tmp_path), "STATIC_ROOT": str(tmp_path / "static"),
    })
    database = None
    if base.startswith("postgres"):
        import psycopg

        database = f"crash_{uuid.uuid4().hex[:8]}"
        admin = urlparse(base)._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = urlparse(base)._replace(path=f"/{database}").geturl()
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    run(env, "migrate", "--noinput", "-v", "0")
    run(env, "collectstatic", "--noinput", "-v", "0")
    yield env
    if database:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{database}" WITH (FORCE)')


SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from meedoen.accounts.models import User
from meedoen.core.models import Municipality
from meedoen.people.services import resident_create
import datetime
town = Municipality.objects.create(code="GM0001", name="Proef")
pro = User.objects.create(username="pro", role="professional", municipality=town)
person = resident_create(municipality=town, given_name="A", family_name="B",
    birth_date=datetime.date(1980, 1, 1), household="single", education="low",
    language_level="fluent", professional=pro)
store = SessionStore()
store[SESSION_KEY] = str(pro.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = pro.get_session_auth_hash()
store.create()
print(store.session_key, person.pk)
"""


def test_no_confirmed_write_is_lost_or_doubled_when_the_server_is_killed(server_env):
    session, resident_id = run(server_env, "shell", "-v", "0", "-c", SETUP).split()
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "meedoen.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"],
        env=server_env, start_new_session=True)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.1)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", f"/mensen/{resident_id}", headers={"Cookie": f"sessionid={session}"})
        page = conn.getresponse()
        body = page.read().decode()
        assert page.status == 200, body[:500]
        csrf_cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie")).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        confirmed: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()

        def writer(name: str) -> None:
            client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for n in range(10_000):
                if stop.is_set():
                    return
                text = f"{name}-{n}"
                try:
                    client.request(
                        "POST", f"/mensen/{resident_id}/notities",
                        body=urlencode({"text": text, "visible_to_resident": "on",
                                        "csrfmiddlewaretoken": token}),
                        headers={"Cookie": f"sessionid={session}; csrftoken={csrf_cookie}",
                                 "Content-Type": "application/x-www-form-urlencoded"})
                    response = client.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    return  # the server died under this request: not confirmed
                if response.status == 302:
                    with lock:
                        confirmed.append(text)

        threads = [threading.Thread(target=writer, args=(f"w{i}",)) for i in range(4)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while len(confirmed) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(server.pid, signal.SIGKILL)  # no chance to finish or flush anything
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)

    assert len(confirmed) >= 40, "the server confirmed too few writes to test anything"
    stored = run(server_env, "shell", "-v", "0", "-c",
                 "from meedoen.casework.models import Note\n"
                 "print('\\n'.join(Note.objects.values_list('text', flat=True)))").split()
    assert set(confirmed) <= set(stored), "a confirmed note was lost"
    assert len(stored) == len(set(stored)), "a note was stored twice"
