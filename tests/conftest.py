import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


@pytest.fixture(scope="session")
def platforms():
    """Fake Slack and Telegram APIs (real HTTP servers) that the bot posts to."""
    from tests.fakes.platforms import Platforms

    p = Platforms().start()
    yield p
    p.stop()


@pytest.fixture(scope="session")
def servers(platforms):
    """The real action, Rasa and web servers, as `make run` starts them, with Slack and
    Telegram pointed at the fakes. One set per pytest run, shared by every suite."""
    from tests.e2e.server import Servers

    model = os.environ.get("TWITCH_MODEL")
    if not model:
        pytest.fail("TWITCH_MODEL is not set: run the end-to-end tests through `make test-e2e`")
    # The journal's daily reminder comes every few seconds here (test_journal_channels.py).
    env = {**platforms.env(), "JOURNAL_REMINDER_SECONDS": "5", "JOURNAL_REMINDER_POLL_SECONDS": "1"}
    s = Servers(model, os.environ.get("TWITCH_TRACKER_STORE", "sqlite"), env=env).start()
    yield s
    s.stop()
