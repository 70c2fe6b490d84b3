"""What the journal's side of the chat says: plain words, US grade 8 or below."""
from datetime import date

import textstat

from journal.records import FACTORS
from twitch import journal_text

TODAY = date(2026, 11, 22)


def test_every_sentence_reads_at_grade_8_or_below():
    said = [v for v in journal_text.texts().values() if isinstance(v, str)]
    hard = {t: textstat.flesch_kincaid_grade(t) for t in said if textstat.flesch_kincaid_grade(t) > 8}
    assert not hard, hard


def test_an_entry_is_shown_as_understood():
    shown = journal_text.describe("left calf", TODAY, TODAY, 600, None, ["exercise", "caffeine"], FACTORS)
    assert shown == "left calf, about 10 minutes, with exercise and caffeine, today"
    assert journal_text.describe("eyelid", date(2026, 11, 16), TODAY, None, 3, [], FACTORS) == \
        "eyelid, 3 times, on Monday 16 November"
