"""Starts the real action server and Rasa server for end-to-end tests and benchmarks."""
from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
LOGS = ROOT / "build" / "e2e-logs"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servers:
    """The two servers as `make run` starts them, on free ports."""

    def __init__(self, model: str, tracker_store: str = "sqlite", token: Optional[str] = None):
        self.model = model
        self.tracker_store = tracker_store
        self.token = token
        self.rasa_port, self.action_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.procs: List[subprocess.Popen] = []

    def env(self) -> Dict[str, str]:
        env = dict(os.environ, ACTION_PORT=str(self.action_port), RASA_TELEMETRY_ENABLED="false",
                   TF_CPP_MIN_LOG_LEVEL="2", SQLALCHEMY_SILENCE_UBER_WARNING="1")
        LOGS.mkdir(parents=True, exist_ok=True)
        env["TRACKER_DB"] = str(LOGS / f"tracker-{uuid.uuid4().hex[:8]}.db")
        env.setdefault("DB_HOST", "127.0.0.1")
        env.setdefault("DB_PORT", "5432")
        env.setdefault("DB_NAME", "test")
        env.setdefault("DB_USER", "postgres")
        env.setdefault("DB_PASSWORD", "")
        env.setdefault("REDIS_HOST", "127.0.0.1")
        env.setdefault("REDIS_PORT", "6379")
        return env

    def start(self) -> "Servers":
        env = self.env()
        endpoints = "endpoints.production.yml" if self.tracker_store == "postgresql" else "endpoints.yml"
        tag = f"{self.tracker_store}-{self.rasa_port}"
        actions_log = open(LOGS / f"actions-{tag}.log", "w")
        rasa_log = open(LOGS / f"rasa-{tag}.log", "w")
        self.procs.append(subprocess.Popen(
            [str(BIN / "rasa"), "run", "actions", "--port", str(self.action_port), "--actions", "actions"],
            cwd=ROOT, env=env, stdout=actions_log, stderr=subprocess.STDOUT))
        cmd = [str(BIN / "rasa"), "run", "--enable-api", "-i", "127.0.0.1", "--port", str(self.rasa_port),
               "--model", self.model, "--endpoints", endpoints, "--credentials", "credentials.yml"]
        if self.token:
            cmd += ["--auth-token", self.token]
        self.procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=rasa_log, stderr=subprocess.STDOUT))
        self._wait_ready()
        return self

    def _wait_ready(self, limit: float = 240) -> None:
        deadline = time.monotonic() + limit
        params = {"token": self.token} if self.token else {}
        while time.monotonic() < deadline:
            for p in self.procs:
                if p.poll() is not None:
                    raise RuntimeError(f"a server exited early; see {LOGS}")
            try:
                ok = requests.get(f"{self.url}/status", params=params, timeout=2).ok
                actions_ok = requests.get(f"http://127.0.0.1:{self.action_port}/health", timeout=2).ok
                if ok and actions_ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        raise RuntimeError(f"servers not ready; see {LOGS}")

    def stop(self) -> None:
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


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

    def tracker(self) -> Dict[str, Any]:
        params = {"token": self.servers.token} if self.servers.token else {}
        r = requests.get(f"{self.servers.url}/conversations/{self.sender}/tracker", params=params, timeout=30)
        r.raise_for_status()
        return r.json()

    def slots(self) -> Dict[str, Any]:
        return self.tracker()["slots"]

    def asked(self) -> Optional[str]:
        t = self.tracker()
        return t["slots"].get("requested_slot") if t.get("active_loop", {}).get("name") else None


def texts(replies: List[Dict[str, Any]]) -> str:
    """A turn's reply texts, joined and lowercased (Rasa splits a text on blank lines)."""
    return " ".join(r.get("text", "") for r in replies).lower()


def custom(replies: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The turn's first custom payload (Rasa sends it after the text it belongs to)."""
    return next(r["custom"] for r in replies if "custom" in r)
