"""A real cluster for the fault tests (`make run-cluster`'s launcher, deploy/cluster.py),
on its own PostgreSQL (initdb into build/) and its own Redis, so that restarting them
disturbs nobody else, and the load that runs through it while a fault happens."""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import requests

from tests.e2e.server import BIN, ROOT

# Below Linux's ephemeral range (32768-60999), which other tests' free ports come from:
# a Rasa instance binds its port only after loading its model, a minute or more later,
# and a port picked from that range can be taken in between.
PORTS = range(20000, 32000, 2)


def free_port() -> int:
    """A free even port with the next one free too, outside the ephemeral range."""
    import random

    while True:
        port = random.choice(PORTS)
        if _free(port) and _free(port + 1):
            return port

WORK = ROOT / "build" / "cluster-test"
PG_BIN = Path(subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip() or "/usr/bin")
# Each user's messages: a triage, an FAQ, thanks; each made unique so that PostgreSQL
# can be asked for every one of them.
SCRIPT = ["hi", "my left calf has been twitching for three weeks", "no", "no", "no",
          "what causes twitching", "thanks"]


def as_postgres(*args: str) -> List[str]:
    """initdb and postgres refuse to run as root."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


class PrivatePostgres:
    def __init__(self) -> None:
        self.port = free_port()
        self.dir = WORK / f"pg-{self.port}"

    def init(self) -> "PrivatePostgres":
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(as_postgres(str(PG_BIN / "initdb"), "-D", str(self.dir / "data"), "-U", "postgres",
                                   "--auth=trust", "-E", "UTF8"), check=True, capture_output=True)
        return self.start()

    def start(self) -> "PrivatePostgres":
        subprocess.run(as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-w", "-l",
                                   str(self.dir / "log"), "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1",
                                   "start"), check=True, capture_output=True)
        return self

    def stop(self) -> None:
        subprocess.run(as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "-w",
                                   "stop"), capture_output=True)

    def query(self, sql: str) -> List[tuple]:
        import psycopg2

        with psycopg2.connect(host="127.0.0.1", port=self.port, dbname="postgres", user="postgres") as c:
            with c.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()


class PrivateRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self.proc: Optional[subprocess.Popen] = None

    def start(self) -> "PrivateRedis":
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout.strip() == b"PONG":
                return self
            time.sleep(0.1)
        raise RuntimeError("redis did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


class Cluster:
    """deploy/cluster.py on free ports, against the private PostgreSQL and Redis."""

    def __init__(self, model: str, pg: PrivatePostgres, redis: PrivateRedis, instances: int = 2,
                 env: Optional[Dict[str, str]] = None) -> None:
        self.port, self.web_port = free_port(), free_port()
        # Two consecutive free ports per instance.
        self.first = next(p for p in iter(free_port, None) if all(_free(p + k) for k in range(2 * instances)))
        self.instances = instances
        self.dir = WORK / f"cluster-{self.port}"
        self.token = secrets.token_urlsafe(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, MODEL=model, RASA_PORT=str(self.port), WEB_PORT=str(self.web_port),
                        RASA_INSTANCES=str(instances), INSTANCE_PORTS_FROM=str(self.first), RASA_TOKEN=self.token,
                        CLUSTER_DIR=str(self.dir), DB_HOST="127.0.0.1", DB_PORT=str(pg.port), DB_NAME="postgres",
                        DB_USER="postgres", DB_PASSWORD="", REDIS_HOST="127.0.0.1", REDIS_PORT=str(redis.port),
                        REDIS_URL=f"redis://127.0.0.1:{redis.port}/0",
                        RATE_LIMIT_NGINX="1000r/s", RATE_LIMIT_BURST="1000",
                        RATE_LIMIT_PER_CLIENT="1000000/minute", RATE_LIMIT_PER_CONVERSATION="1000000/minute",
                        RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
                        SQLALCHEMY_SILENCE_UBER_WARNING="1", **(env or {}))
        self.proc: Optional[subprocess.Popen] = None

    @property
    def log(self) -> Path:
        return WORK / f"launcher-{self.port}.log"

    def start(self) -> "Cluster":
        WORK.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([str(BIN / "python"), "-m", "deploy.cluster"], cwd=ROOT, env=self.env,
                                     stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 420
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the cluster stopped; see {self.log}")
            if "is ready" in self.log.read_text(errors="replace"):
                return self
            time.sleep(1)
        raise RuntimeError(f"the cluster is not ready; see {self.log}")

    def instance_port(self, i: int) -> int:
        return self.first + 2 * i

    def pid(self, i: int, what: str = "rasa") -> int:
        """The process id of instance i's Rasa server or ("actions") action server."""
        needle = f"--port {self.instance_port(i) + (1 if what == 'actions' else 0)}"
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                cmd = cmdline.read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if "rasa run" in cmd and needle in cmd and (what == "actions") == (" actions " in cmd):
                return int(cmdline.parent.name)
        raise LookupError(f"no {what} process for instance {i}")

    def healthy(self, i: int) -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{self.instance_port(i)}/health", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> Optional[int]:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        return self.proc.returncode if self.proc else None


def _free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


@dataclass
class Sent:
    sender: str
    text: str
    started: float
    ended: float
    status: int  # 0: no answer (connection error or timeout)
    body: object = None


@dataclass
class Load:
    """`users` users, each saying SCRIPT once, one message at a time, through nginx."""

    url: str
    users: int = 20
    pause: float = 0.2
    sent: List[Sent] = field(default_factory=list)
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    def user(self, n: int) -> None:
        sender = f"load-{self.run_id}-{n}"
        for k, phrase in enumerate(SCRIPT):
            text = f"{phrase} ({k})"
            started = time.monotonic()
            try:
                r = requests.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                  timeout=60)
                status, body = r.status_code, r.json()
            except (requests.RequestException, ValueError):
                status, body = 0, None
            self.sent.append(Sent(sender, text, started, time.monotonic(), status, body))
            time.sleep(self.pause)

    def run(self) -> threading.Thread:
        threads = [threading.Thread(target=self.user, args=(n,), daemon=True) for n in range(self.users)]
        for t in threads:
            t.start()
        waiter = threading.Thread(target=lambda: [t.join(timeout=600) for t in threads], daemon=True)
        waiter.start()
        return waiter

    def stored(self, pg: PrivatePostgres) -> Dict[tuple, int]:
        """How many times each of this load's user messages is in the tracker store."""
        rows = pg.query("SELECT sender_id, data::json->>'text', count(*) FROM events "
                        f"WHERE type_name = 'user' AND sender_id LIKE 'load-{self.run_id}-%' GROUP BY 1, 2")
        return {(sender, text): count for sender, text, count in rows}

    def check_stored(self, pg: PrivatePostgres) -> None:
        """Every message that got a 200 is stored, and once."""
        stored = self.stored(pg)
        for s in self.sent:
            if s.status == 200:
                assert stored.get((s.sender, s.text)) == 1, (s, stored.get((s.sender, s.text)))
        assert all(count == 1 for count in stored.values()), [k for k, c in stored.items() if c != 1]
