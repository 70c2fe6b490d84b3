"""TWITCH_LOCALE end to end: the servers started with each locale name its numbers and
services in the emergency, crisis and result replies and on the page, and no other
locale's (CONTRACT.md section 3, Locale)."""
import os

import pytest
import requests

from tests.e2e.server import Conversation, Servers, texts
from tests.e2e.triage_driver import answer_all
from twitch import locale

# locale: (what must be named, what must not be)
EXPECTED = {
    "gb": (["999", "Samaritans on 116 123", "SHOUT to 85258", "NHS 111"], ["911", "988", "findahelpline"]),
    "us": (["911", "988"], ["999", "NHS", "Samaritans", "GP surgery", "findahelpline"]),
    "eu": (["112", "findahelpline.com"], ["999", "911", "NHS", "988", "Samaritans"]),
    "au": (["000", "Lifeline on 13 11 14", "0477 13 11 14", "1800MEDICARE"], ["999", "911", "NHS", "988"]),
    "": (["your local emergency number (112 in Europe and from most mobiles, 911 in the US and Canada, "
          "999 in the UK, 000 in Australia)", "findahelpline.com"], ["NHS", "Samaritans", "988 Lifeline", "Lifeline on"]),
}


@pytest.fixture(scope="module")
def server_sets(request):
    """A server set per locale, all started at once. The shared servers run with this
    process's TWITCH_LOCALE, so that locale is checked on them."""
    model = os.environ.get("TWITCH_MODEL")
    if not model:
        pytest.fail("TWITCH_MODEL is not set: run the end-to-end tests through `make test-e2e`")
    shared = locale.code()
    own = {code: Servers(model, env={"TWITCH_LOCALE": code}).launch() for code in EXPECTED if code != shared}
    try:
        for s in own.values():
            s.ready()
        yield {**own, shared: request.getfixturevalue("servers")}
    finally:
        for s in own.values():  # all told at once, so they stop together
            s.proc.terminate()
        for s in own.values():
            s.stop()


@pytest.fixture(params=list(EXPECTED), ids=lambda c: c or "unset")
def localised(request, server_sets):
    return request.param, server_sets[request.param]


def test_every_reply_and_the_page_name_the_locales_services(localised):
    code, servers = localised
    named, absent = EXPECTED[code]
    said = []

    conv = Conversation(servers)
    emergency = conv.say("/emergency")
    assert emergency[0]["text"].startswith("This could be an emergency. Call ")
    said.append(texts(emergency))

    crisis = Conversation(servers).say("/crisis")
    said.append(texts(crisis))

    conv = Conversation(servers)
    conv.say("my thumb has twitched for two months and the muscle at its base looks thinner")
    answer_all(conv, {"atrophy": True})
    assert conv.slots()["triage_level"] == "urgent"
    said.append(texts(conv.replies[-1]))

    # Without the Rasa address, whose port could hold any number.
    rasa_address = f"127.0.0.1:{servers.rasa_port}"
    page = requests.get(servers.web_url + "/", timeout=30).text.replace(rasa_address, "")
    faq_page = requests.get(servers.web_url + "/faq", timeout=30).text.replace(rasa_address, "")
    bot = " ".join(said)
    for name in named:
        assert name.lower() in bot or name in page, f"{name!r} is named nowhere ({code or 'unset'})"
    emergency_number = named[0].lower()
    assert emergency_number in texts(emergency) and emergency_number in texts(crisis)
    assert emergency_number in page.lower() and emergency_number in faq_page.lower()
    if code == "gb":
        assert "nhs 111" in said[-1], "the urgent result names the locale's service"
    for name in absent:
        assert name.lower() not in bot, f"{name!r} in the {code or 'unset'} replies"
        assert name not in page, f"{name!r} on the {code or 'unset'} page"
