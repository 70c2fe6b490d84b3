"""Rasa's REST channel, at the same URL, refusing malformed requests with a 400
instead of a silent empty reply or a 500."""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from channels.message_checks import clean_text, payload_problem


class CheckedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def _extract_message(self, req: Request) -> Optional[Text]:
        return clean_text(req.json["message"])

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = super().blueprint(on_new_message)

        @bp.middleware("request")
        async def check(request: Request) -> Optional[response.HTTPResponse]:
            if request.method != "POST":
                return None
            try:
                payload = request.json
            except InvalidUsage:
                return response.json({"error": "The body is not valid JSON."}, status=400)
            problem = payload_problem(payload)
            return response.json({"error": problem}, status=400) if problem else None

        return bp
