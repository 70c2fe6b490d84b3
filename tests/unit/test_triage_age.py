"""Under 16 from the words of a message (twitch/age.py): the triage is for 16 and over."""
import pytest

from twitch.age import under_16


@pytest.mark.parametrize("text", [
    "my 9 year old's leg keeps twitching, should I worry?",
    "my son (12) has a twitchy eyelid",
    "I'm 15 and my calf keeps jumping",
    "im 14, is this normal",
    "my daughter, 12, says her thumb twitches",
    "my nine-year-old's eyelid flutters",
    "15 year old here, my arm twitches",
    "my 3yo's lip twitches",
    "my toddler's foot keeps twitching",
    "our little one has a twitchy eye",
    "my son's arm twitches at night",
    "aged 10, twitching in the leg",
    "my boy is 11 and his eyelid flickers",
    "infant's lip keeps twitching",
])
def test_under_16(text):
    assert under_16(text) is True


@pytest.mark.parametrize("text", [
    "my calf has twitched for three weeks",
    "I'm 15 days into this twitch",
    "I've had it for 12 years",
    "my 20 year old son has a twitchy eye",
    "I am 30 years old",
    "I'm 45 and worried",
    "twitching 3 times a day",
    "I'm 12 weeks pregnant and my eyelid twitches",
])
def test_not_said_or_16_and_over(text):
    assert under_16(text) is None


def test_a_child_named_only_as_part_of_the_users_story_is_not_the_patient():
    assert under_16("my eyelid has twitched for 2 months, it started when my baby was born") is None
