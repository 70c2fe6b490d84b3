"""The action-server reply check, compiled once: the same verdicts as Rasa's, without
checking the schema on each call."""
from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from twitch_nlu import action_replies

VALID = {"events": [{"event": "slot", "name": "requested_slot", "value": "location", "timestamp": None}],
         "responses": [{"text": "Where is the twitching?", "buttons": []}]}
INVALID = {"events": [{"event": "slot", "name": 3}], "responses": []}


@pytest.fixture
def remote(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    action_replies.install()
    return RemoteAction("validate_triage_form", None)


def test_a_valid_reply_passes_without_checking_the_schema_again(remote, monkeypatch):
    def each_call(*_):
        raise AssertionError("jsonschema.validate called per reply")

    monkeypatch.setattr(jsonschema, "validate", each_call)
    assert remote._validate_action_result(VALID) is True


def test_an_invalid_reply_raises_rasas_error(remote):
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        remote._validate_action_result(INVALID)
