"""With RASA_TOKEN set, the HTTP API takes it as ?token= and refuses requests without it."""
import os

import pytest
import requests

from tests.e2e.server import Conversation, Servers

TOKEN = "e2e-secret-token"


@pytest.fixture(scope="module")
def guarded():
    s = Servers(os.environ["TWITCH_MODEL"], os.environ.get("TWITCH_TRACKER_STORE", "sqlite"), token=TOKEN).start()
    yield s
    s.stop()


def test_the_tracker_needs_the_token(guarded):
    conv = Conversation(guarded)
    conv.say("my calf twitches")
    url = f"{guarded.url}/conversations/{conv.sender}/tracker"
    assert requests.get(url, timeout=30).status_code == 401
    assert requests.get(url, params={"token": "wrong"}, timeout=30).status_code == 401
    tracker = requests.get(url, params={"token": TOKEN}, timeout=30)
    assert tracker.status_code == 200
    assert tracker.json()["slots"]["twitch_location"] == "calf"
