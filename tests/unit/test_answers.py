import pytest

from twitch.answers import UNSURE, read_answer


@pytest.mark.parametrize("text, slot, expected", [
    ("nope strength is fine", "weakness", False), ("I do", "painful_cramps", True),
    ("occasionally at night", "painful_cramps", True), ("it's about the same", "worsening", False),
    ("only in my calf", "spreading", False), ("just the one spot", "spreading", False),
    ("not sure tbh", "atrophy", UNSURE), ("yeah kinda", "weakness", True),
    ("it doesn't", "worsening", False), ("Not really.", "sensory_symptoms", False),
    ("yh", "atrophy", True), ("🤷", "atrophy", UNSURE), ("👍", "weakness", True),
    ("yesterday it was worse", "weakness", None), ("nothing", "spreading", False),
    ("sometimes", "worsening", None), ("my calf", "weakness", None), ("", "weakness", None),
    ("I have not noticed any weakness", "weakness", False), ("it is not", "worsening", False),
    ("I am not", "weakness", False), ("yeah not really", "spreading", False), ("I have", "atrophy", True),
])
def test_free_text_answers(text, slot, expected):
    assert read_answer(text, slot) == expected
