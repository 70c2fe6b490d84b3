"""The logging setup: JSON lines; above DEBUG, Rasa's content fields are redacted;
at DEBUG they show."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.e2e.server import ROOT

SNIPPET = """
import logging, structlog
from privacy import logs
logs.configure()
structlog.get_logger().info("processor.slots", slot_values={"twitch_location": "left calf"}, text="my calf")
structlog.get_logger().debug("processor.debug", text="my calf at debug")
logging.getLogger("rasa.core.processor").info("Loaded model")
logging.getLogger("rasa.core.processor").debug("Received user message 'my calf'")
"""


def run(level: str):
    env = dict(os.environ, LOG_LEVEL=level)
    out = subprocess.run([sys.executable, "-c", SNIPPET], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    return [json.loads(line) for line in out.stderr.splitlines()]


def test_info_lines_are_json_without_content():
    lines = run("INFO")
    assert [r["event"] for r in lines] == ["processor.slots", "Loaded model"]
    assert lines[0]["slot_values"] == "[redacted]" and lines[0]["text"] == "[redacted]"
    assert lines[1]["logger"] == "rasa.core.processor" and lines[1]["level"] == "info"
    assert "calf" not in json.dumps(lines)


def test_debug_shows_everything():
    lines = run("DEBUG")
    assert "calf" in lines[0]["text"] and lines[0]["slot_values"] == {"twitch_location": "left calf"}
    assert any("Received user message 'my calf'" == r["event"] for r in lines)
