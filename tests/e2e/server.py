"""Starts the real servers for end-to-end tests and benchmarks, and talks to them."""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import requests

from deploy.cluster import wait

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
LOGS = ROOT / "build" / "e2e-logs"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servers:
    """The servers exactly as `make run` starts them (scripts/serve.sh), on free ports."""

    def __init__(self, model: str, tracker_store: str = "sqlite", token: Optional[str] = None,
                 env: Optional[Dict[str, str]] = None):
        self.model = model
        self.tracker_store = tracker_store
        # The HTTP API's token (always needed): the test's own, or with token="" the one
        # serve.sh makes in RASA_TOKEN_FILE, which start() then reads.
        self.token = secrets.token_urlsafe(24) if token is None else token
        self.extra_env = dict(env or {})
        self.rasa_port, self.action_port, self.web_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.web_url = f"http://127.0.0.1:{self.web_port}"
        self.proc: Optional[subprocess.Popen] = None
        # A copy of the knowledge base, so a test can edit an answer live.
        self.faq_file = LOGS / f"faq-{self.rasa_port}.yml"
        self.tracker_db = LOGS / f"tracker-{uuid.uuid4().hex[:8]}.db"
        self.journal_db = self.tracker_db.with_name(self.tracker_db.name.replace("tracker-", "journal-"))
        self.token_file = LOGS / f"rasa-token-{self.rasa_port}"

    def env(self) -> Dict[str, str]:
        LOGS.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
                   SQLALCHEMY_SILENCE_UBER_WARNING="1", MODEL=self.model,
                   RASA_PORT=str(self.rasa_port), ACTION_PORT=str(self.action_port),
                   WEB_PORT=str(self.web_port),
                   ENDPOINTS="endpoints.production.yml" if self.tracker_store == "postgresql" else "endpoints.yml",
                   TRACKER_DB=str(self.tracker_db),
                   TWITCH_FAQ_FILE=str(self.faq_file))
        for name in ("RASA_TOKEN", "ALLOWED_ORIGINS", "JOURNAL_DB_URL", "JOURNAL_DB"):
            env.pop(name, None)
        if self.tracker_store == "sqlite":
            env["JOURNAL_DB_URL"] = f"sqlite:///{self.journal_db}"
        else:  # as serve.sh sets it for the production profile, so tests find the journal too
            env["JOURNAL_DB"] = "postgresql"
        if self.token:
            env["RASA_TOKEN"] = self.token
        else:
            env["RASA_TOKEN_FILE"] = str(self.token_file)
        # Every suite talks to these servers from one address, far faster than a person;
        # the limits themselves are tested on servers of their own (test_limits.py).
        env["RATE_LIMIT_PER_CLIENT"] = env["RATE_LIMIT_PER_CONVERSATION"] = "1000000/minute"
        for name, value in {"DB_HOST": "127.0.0.1", "DB_PORT": "5432", "DB_NAME": "test",
                            "DB_USER": "postgres", "DB_PASSWORD": "", "REDIS_HOST": "127.0.0.1",
                            "REDIS_PORT": "6379"}.items():
            env.setdefault(name, value)
        if self.tracker_store == "postgresql":  # the production profile shares the channels' state
            env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
        env.update(self.extra_env)
        return env

    @property
    def log(self) -> Path:
        return LOGS / f"serve-{self.tracker_store}-{self.rasa_port}.log"

    def start(self) -> "Servers":
        return self.launch().ready()

    def launch(self) -> "Servers":
        """Starts serve.sh without waiting, so several sets can start at once."""
        LOGS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "data" / "knowledge" / "faq.yml", self.faq_file)
        self.proc = subprocess.Popen([str(ROOT / "scripts" / "serve.sh")], cwd=ROOT, env=self.env(),
                                     stdout=open(self.log, "w"), stderr=subprocess.STDOUT,
                                     start_new_session=True)
        return self

    def ready(self) -> "Servers":
        """Waits until serve.sh says all its servers answer."""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve.sh exited early; see {self.log}")
            if "is ready" in self.log.read_text(errors="replace"):
                self.token = self.token or self.token_file.read_text().strip()
                return self
            time.sleep(0.5)
        raise RuntimeError(f"servers not ready; see {self.log}")

    def pids(self) -> Dict[str, int]:
        """The servers' process ids by name ("actions", "rasa", "web"), for the benchmark."""
        found = {}
        procs = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                procs[int(stat.parent.name)] = (ppid, (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except (OSError, IndexError, ValueError):
                continue
        # serve.sh's descendants: the Rasa and action servers run under scripts/instance.sh.
        ours = {self.proc.pid} if self.proc else set()
        for _ in range(3):
            ours |= {pid for pid, (ppid, _) in procs.items() if ppid in ours}
        for pid, (_, cmd) in procs.items():
            if pid not in ours:
                continue
            if "rasa run actions" in cmd:
                found["actions"] = pid
            elif "rasa run" in cmd:
                found["rasa"] = pid
            elif "web.server" in cmd:
                found["web"] = pid
        return found

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            wait(self.proc, 60, group=True)


class Conversation:
    """One user talking to the bot over the REST channel."""

    def __init__(self, servers: Servers, sender: Optional[str] = None):
        self.servers = servers
        self.sender = sender or f"e2e-{uuid.uuid4().hex}"
        self.replies: List[List[Dict[str, Any]]] = []

    def say(self, text: str) -> List[Dict[str, Any]]:
        r = requests.post(f"{self.servers.url}/webhooks/rest/webhook",
                          json={"sender": self.sender, "message": text}, timeout=60)
        r.raise_for_status()
        self.replies.append(r.json())
        return self.replies[-1]

    def tracker(self, include_events: str = "AFTER_RESTART") -> Dict[str, Any]:
        params = {"include_events": include_events, "token": self.servers.token}
        r = requests.get(f"{self.servers.url}/conversations/{self.sender}/tracker", params=params, timeout=30)
        r.raise_for_status()
        return r.json()

    def slots(self) -> Dict[str, Any]:
        return self.tracker()["slots"]

    def users(self) -> int:
        """How many user messages the conversation has had, restarts included."""
        return sum(e["event"] == "user" for e in self.tracker("ALL")["events"])

    def finished_turn(self, users_before: int) -> Optional[List[Dict[str, Any]]]:
        """The bot events of the latest turn once Rasa has finished it (a user message past
        users_before, and listening again), or None while it has not. The one definition of
        "the turn is over" for every channel's test client."""
        events = self.tracker("ALL")["events"]  # a restart must not make the count go back
        users = [i for i, e in enumerate(events) if e["event"] == "user"]
        if len(users) <= users_before or not events or events[-1].get("name") != "action_listen":
            return None
        return [e for e in events[users[-1]:] if e["event"] == "bot"]

    def asked(self) -> Optional[str]:
        t = self.tracker()
        return t["slots"].get("requested_slot") if t.get("active_loop", {}).get("name") else None


def texts(replies: List[Dict[str, Any]]) -> str:
    """A turn's reply texts, joined and lowercased (Rasa splits a text on blank lines)."""
    return " ".join(r.get("text", "") for r in replies).lower()


def custom(replies: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The turn's first custom payload (Rasa sends it after the text it belongs to)."""
    return next(r["custom"] for r in replies if "custom" in r)
