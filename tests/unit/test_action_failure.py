"""A custom action whose action server is away ends the turn with our apology, and the
next call works again once the server is back (channels/action_failure.py), with Rasa's
own RemoteAction over real HTTP."""
from __future__ import annotations

import asyncio
import socket

from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, FollowupAction, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from channels import action_failure
from channels.rest import SORRY
from twitch import safety_text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def call(port: int, tracker: DialogueStateTracker = None):
    action = RemoteAction("action_extract_findings", EndpointConfig(url=f"http://127.0.0.1:{port}/webhook"))
    return await action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}),
                            tracker or DialogueStateTracker("someone", []), Domain.empty())


def said(intent: str, entities=()) -> DialogueStateTracker:
    tracker = DialogueStateTracker("someone", [])
    tracker.update(UserUttered("the words do not matter here", {"name": intent, "confidence": 1.0},
                               list(entities)))
    return tracker


async def answering(port: int) -> web.AppRunner:
    async def webhook(_: web.Request) -> web.Response:
        return web.json_response({"events": [], "responses": [{"text": "Here is the answer."}]})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


def test_the_action_server_away_is_an_apology_and_its_return_a_normal_turn(monkeypatch):
    monkeypatch.setattr(RemoteAction, "run", RemoteAction.run)  # Rasa's own again after this test
    action_failure.install()

    async def main():
        port = free_port()
        away = await call(port)
        runner = await answering(port)
        try:
            back = await call(port)
        finally:
            await runner.cleanup()
        return away, back

    away, back = asyncio.run(asyncio.wait_for(main(), timeout=60))
    assert away == [BotUttered(SORRY), FollowupAction("action_listen")]
    assert [e.text for e in back if isinstance(e, BotUttered)] == ["Here is the answer."]
    assert not any(isinstance(e, FollowupAction) for e in back)


def test_with_the_action_server_away_a_crisis_still_gets_the_crisis_reply(monkeypatch):
    monkeypatch.setattr(RemoteAction, "run", RemoteAction.run)
    action_failure.install()
    plain = asyncio.run(call(free_port(), said("crisis")))
    assert plain[0].text == safety_text.crisis(safety_text.FIRST)
    assert plain[0].data["custom"] == {"type": "crisis"}
    assert SlotSet("crisis", True) in plain
    imminent = asyncio.run(call(free_port(), said("crisis", [{"entity": "crisis_risk", "value": "imminent"}])))
    assert imminent[0].text == safety_text.crisis(safety_text.FIRST_IMMINENT)


def test_with_the_action_server_away_an_emergency_still_gets_the_advice(monkeypatch):
    monkeypatch.setattr(RemoteAction, "run", RemoteAction.run)
    action_failure.install()
    events = asyncio.run(call(free_port(), said("emergency")))
    assert events == [BotUttered(safety_text.emergency(), {"custom": {"type": "emergency"}}),
                      FollowupAction("action_listen")]
