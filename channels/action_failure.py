"""A custom action that fails (the action server stopped or not answering) ends the
bot's turn with our short apology, in every channel, instead of silence.

Rasa's RemoteAction raises when it cannot reach the action server or gets an error
back; Rasa's processor logs that, drops the action's events and goes on, so the user
hears nothing (REST: 200 with no message). Rasa has no setting or hook for a failed
action, so `install` (called by deploy.launch when it starts a Rasa server) wraps
RemoteAction.run: on such a failure the action's events are the apology, an ordinary
bot message that every output channel sends and the tracker keeps, and a listen, so no
second custom action fails after it. The user's message is stored, so REST answers 200
(a 503 would say "not stored, send it again"). The next message is handled as usual:
the bot is back as soon as the action server is. A rejection (a form's validation
saying no) is Rasa's own flow and passes through.

Safety first even then: when the message was a crisis or an emergency (the NLU's guard
decides that in the Rasa server itself), the failure is answered with the crisis reply
or the emergency advice, from the same texts the actions use, not with the apology.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, List

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import BotUttered, Event, FollowupAction, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

from channels.rest import SORRY
from twitch import safety_text

logger = logging.getLogger(__name__)


def apology(tracker: DialogueStateTracker) -> List[Event]:
    """What the user is told instead of silence, and a listen."""
    message = tracker.latest_message
    intent = (message.intent or {}).get("name") if message else None
    if intent == "crisis":
        imminent = any(e.get("entity") == "crisis_risk" and e.get("value") == "imminent"
                       for e in message.entities or [])
        kind = safety_text.FIRST_IMMINENT if imminent else safety_text.FIRST
        said = [BotUttered(safety_text.crisis(kind), {"buttons": safety_text.crisis_buttons(),
                                                      "custom": {"type": "crisis"}}),
                SlotSet("crisis", True)]
    elif intent == "emergency":
        said = [BotUttered(safety_text.emergency(), {"custom": {"type": "emergency"}})]
    else:
        said = [BotUttered(SORRY)]
    return said + [FollowupAction(ACTION_LISTEN_NAME)]


def install() -> None:
    run = RemoteAction.run

    async def run_or_apologise(self: RemoteAction, output_channel: Any, nlg: Any,
                               tracker: DialogueStateTracker, domain: Any) -> List[Event]:
        try:
            return await run(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except (RasaException, asyncio.TimeoutError):  # Rasa has logged the cause
            logger.error("The custom action %s failed; the user is told to try again.", self.name())
            return apology(tracker)

    RemoteAction.run = run_or_apologise  # type: ignore[method-assign]
