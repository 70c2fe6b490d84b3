"""The deployment's numbers and services (content/locales.yml), chosen by
TWITCH_LOCALE: gb, us, eu, au, or unset for wording that names no country's services.

Text that names a number or a service is written with placeholders, filled here:
{emergency_number}, {urgent_help}, {doctor}, {crisis_line}, {crisis_note} (whether the
crisis line is free, open all hours and confidential).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

import yaml

LOCALES_FILE = Path(__file__).resolve().parent.parent / "content" / "locales.yml"


@lru_cache(maxsize=1)
def _table() -> Dict[str, Dict[str, str]]:
    with open(LOCALES_FILE, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return {**data["locales"], "": data["default"]}


def code(locale: Optional[str] = None) -> str:
    """The locale in force: an unknown or empty TWITCH_LOCALE means the default."""
    name = (os.environ.get("TWITCH_LOCALE", "") if locale is None else locale).strip().lower()
    return name if name in _table() else ""


def services(locale: Optional[str] = None) -> Dict[str, str]:
    return dict(_table()[code(locale)])


def fill(text: str, locale: Optional[str] = None) -> str:
    """`text` with its placeholders replaced by the locale's numbers and services."""
    return text.format_map(services(locale))
