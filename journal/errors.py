"""Bad input to the journal: one exception type with a code the chat side can branch on
and a sentence it can say as it is (plain words, written by us)."""
from __future__ import annotations


class JournalError(ValueError):
    """Nothing was stored. `code` names what was wrong, `reply` says it to the user."""

    def __init__(self, code: str, reply: str) -> None:
        super().__init__(f"{code}: {reply}")
        self.code = code
        self.reply = reply
