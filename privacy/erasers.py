"""The erasers: every place that keeps something keyed by a conversation id registers a
function that deletes it, and "forget me" and the retention purge run them all. A new
store (the journal) hooks in with one `register` call."""
from __future__ import annotations

import logging
import os
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Dict, Optional

from twitch.privacy import audit_line, id_hash

logger = logging.getLogger(__name__)

# Deletes everything of one conversation id in one place; returns how many items went.
Eraser = Callable[[str], int]

_erasers: Dict[str, Eraser] = {}
_key: Optional[bytes] = None


def glob_escape(text: str) -> str:
    """Redis MATCH patterns read *, ?, [ and \\; an id is matched as it is."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


def register(name: str, eraser: Eraser) -> None:
    """Adds (or, under the same name, replaces) an eraser. `name` is what the audit
    line calls it: "conversation", "redis keys", ..."""
    _erasers[name] = eraser


def hash_key() -> bytes:
    """PRIVACY_HASH_KEY where set, else a random key made on the first run into
    build/privacy-key (readable by its owner only), shared by every process."""
    global _key
    if _key is None:
        if os.environ.get("PRIVACY_HASH_KEY"):
            _key = os.environ["PRIVACY_HASH_KEY"].encode()
        else:
            path = Path(os.environ.get("PRIVACY_KEY_FILE", "build/privacy-key"))
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                # Written whole under a temporary name, then linked: of two processes
                # starting together, one key wins and neither reads a half-written file.
                tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as f:
                    f.write(secrets.token_hex(32))
                try:
                    os.link(tmp, path)
                except FileExistsError:
                    pass
                finally:
                    tmp.unlink()
            _key = path.read_text().strip().encode()
    return _key


def hashed(conversation_id: str) -> str:
    return id_hash(conversation_id, hash_key())


def audit_file() -> Path:
    return Path(os.environ.get("PRIVACY_AUDIT_LOG", "build/privacy-audit.jsonl"))


def erase(conversation_id: str, reason: str) -> Dict[str, int]:
    """Runs every eraser for one conversation id and appends one audit line. An eraser
    that fails does not stop the others; the audit line names it."""
    erased: Dict[str, int] = {}
    failed = []
    for name, eraser in list(_erasers.items()):
        try:
            erased[name] = eraser(conversation_id)
        except Exception:  # noqa: BLE001 - one broken store must not keep the rest
            logger.exception("Eraser %r failed for conversation %s", name, hashed(conversation_id))
            failed.append(name)
    line = audit_line(datetime.now(timezone.utc), hashed(conversation_id), reason, erased, failed)
    path = audit_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:  # one short append: whole lines across processes
        f.write(line + "\n")
    logger.info("privacy.erased %s", line)
    return erased
