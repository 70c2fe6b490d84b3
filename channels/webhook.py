"""What every platform webhook of ours does before reading a request: Rasa's health
route, POST only, and a clean 404 for every route while the channel is switched off
(no token or secret). The body limit is Sanic's (SANIC_REQUEST_MAX_SIZE, set by
scripts/serve.sh): a longer body is refused with a 413 before it is read."""
from __future__ import annotations

from http import HTTPStatus
from typing import Callable, Optional

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

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
    """A 405 for anything but POST."""
    if request.method != "POST":
        return response.json({"error": wanted}, status=HTTPStatus.METHOD_NOT_ALLOWED)
    return None
