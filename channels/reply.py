"""One bot message in channel-neutral form: its text, its buttons and its card (the
custom payload). The socket.io, Slack and Telegram outputs each render a Reply whole,
so every channel says the same thing, in one message rather than one per paragraph."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Tuple

from twitch import safety_text
from twitch.triage import level_info

# How each triage level looks where a channel has colour or only emoji. The words
# come from the result payload (content/triage_rules.yml), not from here.
LEVEL_COLOURS = {
    "emergency": "#b3261e",
    "urgent": "#c2410c",
    "soon": "#a16207",
    "routine": "#1d4ed8",
    "self_care": "#15803d",
}
LEVEL_EMOJI = {
    "emergency": "\U0001F6A8",  # rotating light
    "urgent": "\U0001F7E0",  # orange circle
    "soon": "\U0001F7E1",  # yellow circle
    "routine": "\U0001F535",  # blue circle
    "self_care": "\U0001F7E2",  # green circle
}
# The crisis reply has a look of its own, distinct from the emergency's red.
CRISIS_COLOUR = "#5b21b6"
CRISIS_EMOJI = "\U0001F49C"  # purple heart
CRISIS_LABEL = safety_text.crisis_label()


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: Tuple[Button, ...] = ()
    card: Optional[Dict[str, Any]] = None

    @property
    def kind(self) -> Optional[str]:
        """"emergency", "crisis", "triage_result", "faq" or None."""
        return (self.card or {}).get("type")

    @property
    def level(self) -> Optional[str]:
        if self.kind == "emergency":
            return "emergency"
        return (self.card or {}).get("level") if self.kind == "triage_result" else None

    @property
    def label(self) -> Optional[str]:
        """The card's headline: the result's label, or the emergency level's, from the
        rules table, or the crisis reply's."""
        if self.kind == "crisis":
            return CRISIS_LABEL
        if self.level is None:
            return None
        return (self.card or {}).get("label") or level_info(self.level)["label"]

    @property
    def colour(self) -> Optional[str]:
        return CRISIS_COLOUR if self.kind == "crisis" else LEVEL_COLOURS.get(self.level or "")

    @property
    def emoji(self) -> Optional[str]:
        return CRISIS_EMOJI if self.kind == "crisis" else LEVEL_EMOJI.get(self.level or "")

    @property
    def paragraphs(self) -> Tuple[str, ...]:
        return tuple(p.strip() for p in self.text.strip().split("\n\n") if p.strip())

    def as_dict(self) -> Dict[str, Any]:
        """The socket.io event: Rasa's keys, so a generic Rasa widget still reads it."""
        out: Dict[str, Any] = {"text": self.text}
        if self.buttons:
            out["quick_replies"] = [
                {"content_type": "text", "title": b.title, "payload": b.payload} for b in self.buttons
            ]
        if self.card:
            out["custom"] = self.card
        return out


def from_rasa(message: Mapping[str, Any]) -> Reply:
    """A Reply from the message dict Rasa hands to OutputChannel.send_response."""
    buttons = message.get("buttons") or message.get("quick_replies") or []
    custom = message.get("custom")
    return Reply(
        text=str(message.get("text") or ""),
        buttons=tuple(Button(str(b.get("title", "")), str(b.get("payload", ""))) for b in buttons),
        card=dict(custom) if isinstance(custom, Mapping) else None,
    )


def sources_line(card: Mapping[str, Any]) -> str:
    """The sources and review date of an FAQ answer, as one plain line."""
    names = [s.get("title") or s.get("guideline") or "" for s in card.get("sources", [])]
    names = [n for n in names if n]
    return f"Sources: {'; '.join(names)}. Reviewed {card.get('reviewed', '')}."
