"""One logging setup for every process (Rasa, the action server, the web page, the
purge): JSON lines on stderr, through structlog, for the standard library's loggers
(Rasa, Sanic, rasa-sdk, aiohttp) and Rasa's structlog events alike.

LOG_LEVEL (default INFO) sets the level. Above DEBUG the lines carry no content: Rasa's
structlog fields that hold what the user said or the bot knows are dropped, and our own
code names a conversation only by its hash (privacy.erasers.hashed). LOG_LEVEL=DEBUG
shows everything, for local work.

Rasa and rasa-sdk each install coloredlogs and their own structlog setup on start-up,
after any logging config file, so a config file cannot win; the launcher
(`deploy/launch.py`) starts them with that step replaced by `configure`.
"""
from __future__ import annotations

import logging
import os
import sys
from typing import Any, Optional

import structlog

# Fields of Rasa's structlog events that carry message text, slots, entities or events
# (those rasa.utils.log_utils anonymizes, and a few more).
CONTENT_FIELDS = frozenset({
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
    "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
    "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
    "json_message", "sender_id", "conversation_id", "slot_value", "value", "event_info",
})


def level() -> int:
    name = os.environ.get("LOG_LEVEL", "INFO").upper()
    return logging.getLevelName(name) if isinstance(logging.getLevelName(name), int) else logging.INFO


def _drop_content(_: Any, __: str, event_dict: dict) -> dict:
    if level() > logging.DEBUG:
        for field in CONTENT_FIELDS.intersection(event_dict):
            event_dict[field] = "[redacted]"
    return event_dict


_SHARED = [
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    _drop_content,
]


def configure(_level: Optional[Any] = None, *_: Any) -> None:
    """JSON on stderr at LOG_LEVEL, for every logger. Signature-compatible with the
    setup functions it replaces (their level argument is ignored: LOG_LEVEL decides)."""
    lvl = level()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(lvl)
    logging.captureWarnings(True)  # Python's warnings become JSON lines too
    for name in ("rasa", "rasa_sdk", "sanic.root", "sanic.error", "privacy", "channels", "actions", "web"):
        logging.getLogger(name).setLevel(lvl)
    # Access lines hold paths such as /conversations/<id>/tracker: shown at DEBUG only.
    for name in ("sanic.access", "aiohttp.access"):
        logging.getLogger(name).setLevel(lvl if lvl <= logging.DEBUG else logging.WARNING)
    structlog.configure(
        processors=[structlog.stdlib.filter_by_level, *_SHARED,
                    structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.make_filtering_bound_logger(lvl),
        cache_logger_on_first_use=True,
    )


def no_sanic_logging_config() -> None:
    """Sanic applies its own logging dict (handlers that print plain text and do not
    propagate) whenever an app is made; made empty, its loggers reach ours."""
    from sanic.log import LOGGING_CONFIG_DEFAULTS

    LOGGING_CONFIG_DEFAULTS.clear()
    LOGGING_CONFIG_DEFAULTS.update({"version": 1, "disable_existing_loggers": False})
