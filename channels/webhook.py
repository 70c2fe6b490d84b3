"""What every platform webhook of ours does before reading a request: Rasa's health
route, POST only, a body limit, and a clean 404 for every route while the channel is
switched off (no token or secret)."""
from __future__ import annotations

from http import HTTPStatus
from typing import Callable, Optional

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

MAX_BODY_BYTES = 1_000_000  # a platform's event is a few kB


def guarded_blueprint(name: str, is_on: Callable[[], bool], off_message: str) -> Blueprint:
    bp = Blueprint(name, __name__)

    @bp.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @bp.middleware("request")
    async def off(_: Request) -> Optional[HTTPResponse]:
        return None if is_on() else response.json({"error": off_message}, status=HTTPStatus.NOT_FOUND)

    return bp


def refuse_unreadable(request: Request, wanted: str) -> Optional[HTTPResponse]:
    """A 405 for anything but POST, or a 413 for a body no platform sends."""
    if request.method != "POST":
        return response.json({"error": wanted}, status=HTTPStatus.METHOD_NOT_ALLOWED)
    if len(request.body) > MAX_BODY_BYTES:
        return response.json({"error": "The body is too large."}, status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    return None
