"""Rasa's REST channel, at the same URL, refusing what it must not take with a clear
4xx instead of a silent empty reply or a 500: malformed requests and a missing
`sender` (400), a message over MAX_MESSAGE_CHARS (413), more messages than the rate
limits allow (429), and a page on another site (403). A refused message is not stored.
A turn that fails (the database or Redis away) is a 503 with a short apology, not
Rasa's 200 with an empty reply, so a client never takes an unstored message for a
stored one and knows to try again."""
from __future__ import annotations

from http import HTTPStatus
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from channels.message_checks import clean_text, payload_problem
from channels.origins import FOREIGN, foreign
from channels import turn_failure
from channels.rate_limits import SLOW_DOWN, message_rate

SORRY = "Something went wrong on my side. Please try again in a moment."


class CheckedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def _extract_message(self, req: Request) -> Optional[Text]:
        return clean_text(req.json["message"])

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def take_turn(message: UserMessage) -> None:
            try:
                await on_new_message(message)
            except Exception:  # Rasa's handler logs it, and would answer 200
                turn_failure.mark()
                raise

        bp = super().blueprint(take_turn)

        @bp.middleware("response")
        async def failed(request: Request, _: response.HTTPResponse) -> Optional[response.HTTPResponse]:
            if turn_failure.happened():
                return response.json({"error": SORRY}, status=HTTPStatus.SERVICE_UNAVAILABLE)
            return None

        @bp.middleware("request")
        async def check(request: Request) -> Optional[response.HTTPResponse]:
            turn_failure.reset()
            if request.method != "POST":
                return None
            if foreign(request.headers.get("origin"), request.headers.get("host")):
                return response.json({"error": FOREIGN}, status=HTTPStatus.FORBIDDEN)
            try:
                payload = request.json
            except InvalidUsage:
                return response.json({"error": "The body is not valid JSON."}, status=HTTPStatus.BAD_REQUEST)
            problem = payload_problem(payload)
            if problem:
                return response.json({"error": problem[1]}, status=problem[0])
            if not await message_rate().allow(request.remote_addr or request.ip, str(payload["sender"])):
                return response.json({"error": SLOW_DOWN}, status=HTTPStatus.TOO_MANY_REQUESTS)
            return None

        return bp
