"""`make run-cluster`: the production profile on one machine.

nginx on RASA_PORT in front of RASA_INSTANCES instances (scripts/instance.sh: a Rasa
server and its action server each), conversations in PostgreSQL and locks and the
channels' shared state in Redis, the journal in PostgreSQL (migrated before anything
starts, as scripts/serve.sh does), and the web page on WEB_PORT pointing at nginx. A
dead instance is started again; Ctrl-C or SIGTERM stops nginx gracefully (requests in
flight finish), then the instances (turns in flight finish), then the rest.

Settings from the environment, defaulting to the local servers: DB_HOST, DB_PORT,
DB_NAME, DB_USER, DB_PASSWORD, REDIS_HOST, REDIS_PORT; INSTANCE_PORTS_FROM (instance i
listens on it + 2i, its action server on it + 2i + 1; default RASA_PORT + 1);
API_ALLOW_FROM (addresses or CIDRs that may reach the HTTP API through nginx; default
127.0.0.1); RATE_LIMIT_NGINX (default 20r/s) and RATE_LIMIT_BURST (default 40) per
client address; SQL_POOL_SIZE and SQL_MAX_OVERFLOW per instance (checked against
PostgreSQL's max_connections); CLUSTER_DIR (nginx's prefix, logs; default build/cluster); CLUSTER_ENDPOINTS (default
endpoints.production.yml).

    .venv/bin/python -m deploy.cluster      (MODEL=models/<name>.tar.gz)
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional

import jinja2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Connections PostgreSQL keeps for superusers, and for whatever else uses the server
# (the purge job, psql, other applications).
RESERVED_CONNECTIONS = 3 + 10
DEFAULT_POOL_SIZE, DEFAULT_MAX_OVERFLOW = 5, 5
READY_SECONDS = int(os.environ.get("CLUSTER_READY_SECONDS") or 300)


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


def base_env() -> Dict[str, str]:
    env = dict(os.environ)
    defaults = {"DB_HOST": "127.0.0.1", "DB_PORT": "5432", "DB_NAME": "test", "DB_USER": "postgres",
                "DB_PASSWORD": "", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379",
                }
    for name, value in defaults.items():
        env.setdefault(name, value)
    # Always the production profile (`make` exports ENDPOINTS=endpoints.yml for `make run`).
    env["ENDPOINTS"] = env.get("CLUSTER_ENDPOINTS") or "endpoints.production.yml"
    # The channels' shared state (socket.io, replay, delivery ids, rate limits) in Redis.
    env.setdefault("REDIS_URL", f"redis://{env['REDIS_HOST']}:{env['REDIS_PORT']}/0")
    # The journal in the same PostgreSQL (DB_*), for the actions and the web page.
    env.setdefault("JOURNAL_DB", "postgresql")
    return env


def pool_sizes(env: Dict[str, str], instances: int) -> Dict[str, str]:
    """SQL_POOL_SIZE and SQL_MAX_OVERFLOW (read by Rasa's SQLTrackerStore) such that every
    instance at its most, plus the reserve, fits in PostgreSQL's max_connections."""
    import psycopg2

    pool = int(env.get("SQL_POOL_SIZE") or DEFAULT_POOL_SIZE)
    overflow = int(env.get("SQL_MAX_OVERFLOW") or DEFAULT_MAX_OVERFLOW)
    with psycopg2.connect(host=env["DB_HOST"], port=env["DB_PORT"], dbname=env["DB_NAME"], user=env["DB_USER"],
                          password=env["DB_PASSWORD"] or None, connect_timeout=5) as connection:
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_connections")
            most = int(cursor.fetchone()[0])
    if instances * (pool + overflow) + RESERVED_CONNECTIONS > most:
        sys.exit(f"{instances} instances x (SQL_POOL_SIZE {pool} + SQL_MAX_OVERFLOW {overflow}) + "
                 f"{RESERVED_CONNECTIONS} reserved exceeds PostgreSQL's max_connections ({most}); lower them.")
    return {"SQL_POOL_SIZE": str(pool), "SQL_MAX_OVERFLOW": str(overflow)}


def nginx_conf(prefix: Path, host: str, port: int, ports: List[int], token: str) -> Path:
    template = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "deploy")),
                                  undefined=jinja2.StrictUndefined, autoescape=False)
    text = template.get_template("nginx.conf.j2").render(
        prefix=prefix, host=host, port=port, ports=ports, token=token,
        allow=setting("API_ALLOW_FROM", "127.0.0.1").replace(",", " ").split(),
        rate=setting("RATE_LIMIT_NGINX", "20r/s"), burst=setting("RATE_LIMIT_BURST", "40"),
        read_timeout=setting("NGINX_READ_TIMEOUT", "60"))
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.touch(mode=0o600)
    conf.chmod(0o600)
    conf.write_text(text)
    return conf


def up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


class Cluster:
    def __init__(self) -> None:
        self.env = base_env()
        self.port = int(setting("RASA_PORT", "5005"))
        self.web_port = int(setting("WEB_PORT", "8080"))
        self.count = int(setting("RASA_INSTANCES", "2"))
        first = int(setting("INSTANCE_PORTS_FROM", str(self.port + 1)))
        self.ports = [(first + 2 * i, first + 2 * i + 1) for i in range(self.count)]
        self.prefix = (ROOT / setting("CLUSTER_DIR", "build/cluster")).resolve()
        self.instances: List[Optional[subprocess.Popen]] = [None] * self.count
        self.others: Dict[str, subprocess.Popen] = {}
        self.purge: Optional[subprocess.Popen] = None
        self.next_purge = 0.0
        self.stopping = False

    def log(self, name: str):
        return open(self.prefix / f"{name}.log", "ab")

    def start_instance(self, i: int) -> None:
        rasa_port, action_port = self.ports[i]
        env = dict(self.env, RASA_PORT=str(rasa_port), ACTION_PORT=str(action_port),
                   # Behind nginx: the client's address is in X-Real-IP (the rate limits).
                   SANIC_REAL_IP_HEADER="x-real-ip", SANIC_PROXIES_COUNT="1")
        self.instances[i] = subprocess.Popen([str(ROOT / "scripts" / "instance.sh")], cwd=ROOT, env=env,
                                             stdout=self.log(f"instance-{i}"), stderr=subprocess.STDOUT,
                                             start_new_session=True)

    def start(self) -> None:
        # Each child in its own session: Ctrl-C reaches only this launcher, which stops
        # them in order (stop()).
        self.prefix.mkdir(parents=True, exist_ok=True)
        env = self.env
        env["MODEL"] = os.environ["MODEL"]
        env["RASA_TOKEN"] = subprocess.run([str(ROOT / "scripts" / "token.sh")], cwd=ROOT, env=env, check=True,
                                           capture_output=True, text=True).stdout.strip()
        env.setdefault("ALLOWED_ORIGINS", f"http://127.0.0.1:{self.web_port} http://localhost:{self.web_port}")
        # The journal's links point at the web page (journal/links.py).
        env["WEB_PORT"] = str(self.web_port)
        env.update(pool_sizes(env, self.count))
        # The journal's tables, brought up to date once, before any instance uses them.
        if subprocess.run([PYTHON, "-m", "journal.migrate"], cwd=ROOT, env=env, stdout=self.log("migrate"),
                          stderr=subprocess.STDOUT).returncode:
            sys.exit(f"The journal's tables could not be migrated; see {self.prefix / 'migrate.log'}.")
        conf = nginx_conf(self.prefix, setting("NGINX_HOST", "127.0.0.1"), self.port,
                          [p for p, _ in self.ports], env["RASA_TOKEN"])
        for i in range(self.count):
            self.start_instance(i)
        logged = [PYTHON, "-m", "deploy.launch"]
        self.others["nginx"] = subprocess.Popen([NGINX, "-p", str(self.prefix), "-c", str(conf)], cwd=ROOT,
                                                stdout=self.log("nginx"), stderr=subprocess.STDOUT,
                                                start_new_session=True)
        self.others["web"] = subprocess.Popen(
            logged + ["web.server", "--host", "127.0.0.1", "--port", str(self.web_port), "--rasa-port", str(self.port)]
            + (["--rasa-url", env["RASA_PUBLIC_URL"]] if env.get("RASA_PUBLIC_URL") else []),
            cwd=ROOT, env=env, stdout=self.log("web"), stderr=subprocess.STDOUT, start_new_session=True)
        # The journal's daily reminders: one scheduler for all instances, through nginx
        # (journal/reminders.py; its claims keep a second one from sending twice).
        self.others["reminders"] = subprocess.Popen(
            logged + ["journal.reminders", "--rasa-url", f"http://127.0.0.1:{self.port}"],
            cwd=ROOT, env=env, stdout=self.log("reminders"), stderr=subprocess.STDOUT, start_new_session=True)
    def purge_when_due(self) -> None:
        """Conversations older than RETENTION_DAYS go, at start and then every
        PURGE_EVERY_SECONDS (a day), once for all instances (docs/privacy.md); no process
        waits in between."""
        if time.monotonic() < self.next_purge or (self.purge and self.purge.poll() is None):
            return
        self.next_purge = time.monotonic() + float(setting("PURGE_EVERY_SECONDS", "86400"))
        self.purge = subprocess.Popen([PYTHON, "-m", "privacy.purge", "--endpoints", self.env["ENDPOINTS"]],
                                      cwd=ROOT, env=self.env, stdout=self.log("purge"),
                                      stderr=subprocess.STDOUT, start_new_session=True)

    def ready(self) -> bool:
        return all(up(f"http://127.0.0.1:{p}/health") for p, _ in self.ports) and \
            up(f"http://127.0.0.1:{self.web_port}/healthz") and \
            up(f"http://127.0.0.1:{self.port}/health")

    def watch(self) -> int:
        """Starts a stopped instance again; stops everything if nginx or the page stops,
        or whoever started us (make) is gone."""
        parent = os.getppid()
        announced = False
        started = time.monotonic()
        while not self.stopping:
            for name, proc in self.others.items():
                if proc.poll() is not None:
                    print(f"{name} stopped; stopping the rest (logs in {self.prefix}).", file=sys.stderr)
                    return 1
            self.purge_when_due()
            for i, proc in enumerate(self.instances):
                if proc is not None and proc.poll() is not None:
                    print(f"Instance {i} stopped; starting it again.", file=sys.stderr, flush=True)
                    self.start_instance(i)
            if not announced:
                if self.ready():
                    announced = True
                    print(f"\ntwitch-assistant cluster is ready ({self.count} instances behind nginx). "
                          f"Open http://127.0.0.1:{self.web_port} to chat\n"
                          f"  REST:     http://127.0.0.1:{self.port}/webhooks/rest/webhook\n"
                          f"  Health:   http://127.0.0.1:{self.ports[0][0]}/health (each instance)\n"
                          f"  Logs:     {self.prefix}\n  Stop:     Ctrl-C", flush=True)
                elif time.monotonic() - started > READY_SECONDS:
                    print(f"Not ready after {READY_SECONDS} s; see {self.prefix}.", file=sys.stderr)
                    return 1
            try:
                os.kill(parent, 0)
            except OSError:
                return 0
            time.sleep(1)
        return 0

    def stop(self) -> None:
        """nginx first, gracefully (SIGQUIT: it finishes the requests in flight), then the
        instances (their turns in flight finish), then the page and the purge."""
        self.stopping = True
        nginx = self.others.get("nginx")
        if nginx and nginx.poll() is None:
            nginx.send_signal(signal.SIGQUIT)
            # A request in flight ends within nginx's read timeout; past it, the whole
            # group, as killing the master alone leaves its worker running.
            wait(nginx, int(setting("NGINX_READ_TIMEOUT", "60")) + 10, group=True)
        for proc in self.instances:
            if proc and proc.poll() is None:
                proc.terminate()
        for proc in self.instances:
            if proc:
                wait(proc, 60)
        for proc in [*self.others.values(), *([self.purge] if self.purge else [])]:
            if proc.poll() is None:
                proc.terminate()
                wait(proc, 10)


def wait(proc: subprocess.Popen, seconds: float, group: bool = False) -> None:
    """Waits for proc, then kills it (group: its whole session, started with it)."""
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        if group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.wait()


def main() -> int:
    cluster = Cluster()

    def on_signal(*_: object) -> None:
        cluster.stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        cluster.start()
        return cluster.watch()
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
