"""GET /health on each Rasa instance: whether its database, Redis and action server are
reachable, as JSON, 200 when all that it uses are, else 503. For the load balancer and
whoever watches the cluster (docs/performance.md, "Cluster and deployment").

A "channel" only so that credentials.yml can mount it on Rasa's own server; it takes
no messages. It reads what it checks from the running agent: the tracker store's
SQLAlchemy engine, the lock store's Redis client, and the action endpoint.
"""
from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

# A check that takes longer counts as unreachable: a health check must not hang.
TIMEOUT_SECONDS = 3.0
OK, DOWN, UNUSED = "ok", "unreachable", "not used"


def _inner(store: Any) -> Any:
    """Rasa wraps the tracker store (AwaitableTrackerStore, FailSafeTrackerStore); the
    engine is in the innermost."""
    while getattr(store, "_tracker_store", None) is not None:
        store = store._tracker_store
    return store


async def database(agent: Any) -> str:
    engine = getattr(_inner(agent.tracker_store), "engine", None)
    if engine is None:
        return UNUSED

    def ping() -> None:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    await asyncio.get_running_loop().run_in_executor(None, ping)
    return OK


async def redis(agent: Any) -> str:
    client = getattr(agent.lock_store, "red", None)
    if client is None:
        return UNUSED
    if type(client).__module__.startswith("redis.asyncio"):  # the ticket lock store's
        await client.ping()
    else:  # Rasa's own Redis lock store's client blocks: off the event loop
        await asyncio.get_running_loop().run_in_executor(None, client.ping)
    return OK


async def action_server(agent: Any) -> str:
    endpoint = agent.action_endpoint
    if endpoint is None or not endpoint.url:
        return UNUSED
    url = endpoint.url.rsplit("/webhook", 1)[0] + "/health"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)) as session:
        async with session.get(url) as r:
            r.raise_for_status()
    return OK


async def checked(check: Callable[[Any], Awaitable[str]], agent: Any) -> str:
    try:
        return await asyncio.wait_for(check(agent), TIMEOUT_SECONDS)
    except Exception:  # whatever the failure, the answer is the same: not reachable
        return DOWN


async def report(agent: Optional[Any]) -> Dict[str, str]:
    if agent is None:
        return {"model": "not loaded"}
    names = ("database", "redis", "action_server")
    results = await asyncio.gather(*(checked(c, agent) for c in (database, redis, action_server)))
    return dict(zip(names, results))


class HealthInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "health"

    def url_prefix(self) -> Text:
        return "/health"  # absolute, so not under /webhooks/

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("health_check", __name__)

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> response.HTTPResponse:
            checks = await report(getattr(request.app.ctx, "agent", None))
            healthy = all(v in (OK, UNUSED) for v in checks.values())
            return response.json({"status": "ok" if healthy else "unavailable", **checks},
                                 status=HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE)

        return bp
