import pytest

from channels.message_checks import MAX_MESSAGE_CHARS, clean_text, payload_problem


@pytest.mark.parametrize("payload", [
    {"sender": "a", "message": "hi"}, {"message": ""}, {"sender": 42, "message": "😱"},
    {"sender": "a", "message": "x" * MAX_MESSAGE_CHARS},
])
def test_good_payloads(payload):
    assert payload_problem(payload) is None


@pytest.mark.parametrize("payload", [
    [1, 2], "hi", None, {"sender": "a"}, {"sender": "a", "message": None},
    {"sender": "a", "message": 123}, {"sender": "a", "message": ["hi"]},
    {"sender": {"a": 1}, "message": "hi"}, {"sender": True, "message": "hi"}, {"sender": "", "message": "hi"},
    {"sender": "a", "message": "x" * (MAX_MESSAGE_CHARS + 1)},
])
def test_bad_payloads(payload):
    assert payload_problem(payload)


def test_control_characters_are_removed():
    assert clean_text("abc\x00def\x1b[31m\n") == "abc def [31m\n"
