"""Rasa's own `rasa init` starter bot, the yardstick for `make bench`.

Built once under build/starter/ exactly as a new Rasa user gets it: a stock virtualenv
with a plain `pip install rasa==3.6.21`, `rasa init --no-prompt` (which trains), and
`rasa run` with the files it made. Its endpoints.yml names no tracker store (so the
in-memory one) and no action server; its actions.py is all comments, so none is needed.
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Dict, List, Optional

import requests

from deploy.cluster import wait
from tests.e2e.server import ROOT, free_port

RASA_VERSION = "3.6.21"
HOME = ROOT / "build" / "starter"
VENV = HOME / "venv"
BOT = HOME / "bot"
# Written last, so an interrupted build is redone rather than half used.
STAMP = HOME / "built"
LOGS = ROOT / "build" / "bench-logs"


def quiet_env() -> Dict[str, str]:
    return dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
                SQLALCHEMY_SILENCE_UBER_WARNING="1")


def build() -> None:
    """Makes the starter bot unless the same Rasa version's build is already there."""
    if STAMP.is_file() and STAMP.read_text().strip() == RASA_VERSION:
        return
    LOGS.mkdir(parents=True, exist_ok=True)
    log = open(LOGS / "starter-build.log", "w")
    python = subprocess.run([str(ROOT / "scripts" / "find-python.sh")], check=True,
                            capture_output=True, text=True).stdout.strip()
    print(f"Building Rasa's starter bot in {HOME} (once; a few minutes)", flush=True)
    subprocess.run(["rm", "-rf", str(HOME)], check=True)
    BOT.mkdir(parents=True)  # `rasa init --init-dir` wants it to exist
    for step in ([python, "-m", "venv", str(VENV)],
                 [str(VENV / "bin" / "pip"), "install", "-q", f"rasa=={RASA_VERSION}"],
                 [str(VENV / "bin" / "rasa"), "init", "--no-prompt", "--init-dir", str(BOT)]):
        subprocess.run(step, check=True, cwd=HOME, env=quiet_env(), stdout=log, stderr=subprocess.STDOUT)
    STAMP.write_text(RASA_VERSION + "\n")


class StarterBot:
    """`rasa run` on the starter bot's trained model, on a free port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = LOGS / f"starter-{self.port}.log"
        self.proc: Optional[subprocess.Popen] = None

    def start(self) -> "StarterBot":
        build()
        self.proc = subprocess.Popen(
            [str(VENV / "bin" / "rasa"), "run", "-i", "127.0.0.1", "--port", str(self.port),
             "--model", "models", "--credentials", "credentials.yml", "--endpoints", "endpoints.yml"],
            cwd=BOT, env=quiet_env(), stdout=open(self.log, "w"), stderr=subprocess.STDOUT,
            start_new_session=True)
        # Loading the model takes minutes when the shared machine is busy.
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the starter bot exited early; see {self.log}")
            try:
                # Rasa loads the model before it listens, so an answer means ready.
                if requests.get(f"{self.url}/webhooks/rest/", timeout=2).ok:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        self.stop()  # started in a session of its own: nothing else would stop it
        raise RuntimeError(f"the starter bot is not ready; see {self.log}")

    def processes(self) -> Dict[str, List[int]]:
        return {"Rasa server": [self.proc.pid]} if self.proc else {}

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            wait(self.proc, 60)
