"""The FAQ over REST with real servers: one question per newer topic picks its answer
(the ResponseSelector's key), buttons ask a topic by payload, and the triage comes back
after an FAQ in its middle."""
import pytest

from tests.e2e.server import Conversation, custom, texts
from twitch import knowledge


@pytest.mark.parametrize("text, key", [
    ("will my twitching ever go away, or can bfs become als later?", "outlook"),
    ("my emg picked up fasciculations, should i get it repeated?", "emg"),
    ("my arms feel weak and heavy but i can still do everything, is that normal?", "felt_weakness"),
    ("is buzzing and tingling normal with twitches?", "tingling"),
    ("why does my tongue twitch?", "tongue"),
    ("can covid make your muscles twitch?", "after_illness"),
    ("can my antidepressant cause twitching?", "medicines"),
    ("why do I jolt awake just as I'm falling asleep?", "sleep_starts"),
    ("is there any treatment for bfs?", "treatment"),
    ("can a hangover make you twitch?", "alcohol"),
    ("why do I get calf cramps at night?", "night_cramps"),
    ("are twitches and tics in children something to worry about?", "children"),
])
def test_a_question_on_each_new_topic(servers, text, key):
    conv = Conversation(servers)
    replies = conv.say(text)
    assert conv.slots()["faq_topic"] == key
    card = custom(replies)
    assert card["type"] == "faq" and card["key"] == key and card["sources"]
    assert knowledge.entry(key)["answer"].split(".")[0].lower() in texts(replies)


def test_a_follow_up_button_asks_its_topic_by_payload(servers):
    conv = Conversation(servers)
    replies = conv.say("will my twitching ever go away, or can bfs become als later?")
    assert conv.slots()["faq_topic"] == "outlook"
    payloads = [b["payload"] for r in replies for b in r.get("buttons", [])]
    assert knowledge.payload("bfs") in payloads
    replies = conv.say(knowledge.payload("bfs"))
    assert conv.slots()["faq_topic"] == "bfs" and custom(replies)["key"] == "bfs"


def test_a_new_topic_in_the_middle_of_the_triage_then_back(servers):
    conv = Conversation(servers)
    conv.say("my thigh keeps twitching")
    conv.say("about 5 days")
    question = conv.asked()
    conv.say("sorry, quick question: can alcohol cause twitching?")
    assert conv.slots()["faq_topic"] == "alcohol"
    assert conv.asked() == question
