import pytest

from channels.message_checks import MAX_MESSAGE_CHARS, TOO_LONG, clean_text, payload_problem, too_long


@pytest.mark.parametrize("payload", [
    {"sender": "a", "message": "hi"}, {"sender": "a", "message": ""}, {"sender": 42, "message": "😱"},
    {"sender": "a", "message": "x" * MAX_MESSAGE_CHARS},
])
def test_good_payloads(payload):
    assert payload_problem(payload) is None


@pytest.mark.parametrize("payload", [
    [1, 2], "hi", None, {"sender": "a"}, {"sender": "a", "message": None},
    {"sender": "a", "message": 123}, {"sender": "a", "message": ["hi"]},
    {"sender": {"a": 1}, "message": "hi"}, {"sender": True, "message": "hi"}, {"sender": "", "message": "hi"},
    {"message": "hi"}, {"sender": None, "message": "hi"}, {"sender": "x" * 257, "message": "hi"},
    {"sender": "a\x00b", "message": "hi"}, {"sender": "\x1b[31m", "message": "hi"},
])
def test_bad_payloads_are_a_400(payload):
    status, error = payload_problem(payload)
    assert status == 400 and error


def test_a_missing_sender_is_named():
    assert "\"sender\" is required" in payload_problem({"message": "hi"})[1]


def test_a_message_over_the_limit_is_a_413_that_says_the_limit():
    assert payload_problem({"sender": "a", "message": "x" * (MAX_MESSAGE_CHARS + 1)}) == (413, TOO_LONG)
    assert "4,000" in TOO_LONG and MAX_MESSAGE_CHARS == 4_000
    assert too_long("x" * (MAX_MESSAGE_CHARS + 1)) and not too_long("😱" * MAX_MESSAGE_CHARS)


def test_control_characters_are_removed():
    assert clean_text("abc\x00def\x1b[31m\n") == "abc def [31m\n"


def test_the_widget_caps_its_input_at_the_same_limit():
    from pathlib import Path

    widget = (Path(__file__).resolve().parents[2] / "web" / "static" / "widget.js").read_text()
    assert f'maxlength: "{MAX_MESSAGE_CHARS}"' in widget
