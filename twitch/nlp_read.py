"""Reads a message parsed by the project's spaCy pipeline.

- `entities`: body parts, durations (in days), findings and triggers, each with a
  polarity (present, absent or uncertain) read from the words before it.
- `emergency_reasons`: why a message describes an emergency, or nothing.
- `crisis_level`: whether it shows a crisis (contract 3), and whether it is imminent.
- `describes_twitching` / `asks_about_own_twitching`: what the door rule needs.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional

from spacy.tokens import Doc, Span

from twitch.duration import to_days, user_today
from twitch.nlp_build import CUES_KEY
# Words that end the reach of a "no" or "not sure" before a finding.
BREAKERS = {".", ",", ";", "!", "?", ":", "but", "though", "although", "however", "yet",
            "except", "apart", "besides", "whereas", "while", "-", "–", "—", "(", ")"}
PRONOUNS = {"i", "i'm", "im", "my", "it", "it's", "its", "he", "she", "they", "we", "you"}
UNCERTAIN = {"sure", "unsure", "maybe", "might", "possibly", "perhaps", "dunno",
             "know", "idea", "certain", "probably", "think"}
NEGATION_WINDOW = 5
# A duration right after these is how often or how long one twitch lasts, not how long
# it has been going on ("ten times a day", "every few minutes").
FREQUENCY_WORDS = {"times", "time", "twice", "once", "thrice", "per", "every", "each",
                   "cups", "cup", "coffees", "cans", "drinks", "shots", "espressos"}
LEADING_FILLER = {"for", "about", "around", "roughly", "approximately", "like", "maybe",
                  "the", "my", "at", "least", "over", "past", "more", "than", "almost",
                  "nearly", "under", "less", "just", "well", "longer", "upwards", "of",
                  "not", "quite"}
# Findings that become an emergency when they start suddenly (contract section 3).
SUDDEN_EMERGENCY = {"weakness", "sensory_symptoms", "bulbar_symptoms"}
# A clause ends at these too when reading whether a sign is past or feared for later:
# "I fainted last year and now I can't breathe" is an emergency now.
CLAUSE_BREAKERS = BREAKERS | {"and", "now", "then", "so", "because", "currently", "today"}
# With twitching or stiffness, each of these is an emergency (contract 3: as after
# starting or raising a medicine); fever also with a stiff neck or new confusion.
WITH_TWITCHING = {"fever", "confusion", "agitation", "sweating", "racing_heart"}
WITH_FEVER = {"stiff_neck", "confusion"}
# Normal with exercise: not counted when a workout is named in the same clause.
AFTER_EXERCISE_TOO = {"sweating", "racing_heart", "breathless"}
# What coffee does too: a racing heart beside caffeine in the same clause.
AFTER_CAFFEINE_TOO = {"racing_heart"}
# Findings that, coming on or getting worse over hours to days, are rapid_progression.
PROGRESSING = {"weakness", "sensory_symptoms", "bulbar_symptoms"}
RAPID_DAYS = 4
GETTING_WORSE = {"worse", "worsening", "weaker", "number", "spreading", "spread", "progressing",
                 "progressed", "getting", "got", "gotten", "become", "became", "becoming",
                 "growing", "came", "developed", "developing"}
# Crisis phrases that themselves name the means or a plan ("pills saved up"): imminent.
MEANS = {"pills", "tablets", "meds", "medication", "painkillers", "paracetamol", "overdose",
         "overdosing", "overdosed", "tonight", "letter", "letters", "note", "notes", "goodbyes",
         "bridge", "ledge", "roof", "edge", "tracks", "jump", "planning", "planned", "plan", "decided",
         "deciding"}
# Asking whether one's own twitching matters, not about a topic.
PERSONAL = {"i", "i'm", "im", "i've", "ive", "my", "mine", "i'd"}
WORRY = {"serious", "worry", "worried", "worrying", "worrisome", "concerned", "concerning",
         "concern", "normal", "dangerous", "bad", "matter", "matters", "check", "harmless",
         "benign", "okay", "ok", "fine", "scared", "anxious", "look", "assess", "triage", "wrong",
         "problem", "problems", "issue", "need", "deal", "sign", "must", "should", "mean", "means"}
WH_WORDS = {"how", "what", "why", "when", "which", "where", "who"}
QUESTION_WORDS = {"is", "are", "can", "could", "does", "do", "why", "what", "how", "when",
                  "should", "will", "would", "which", "who", "where"}
# A message naming one of these is about that topic (an FAQ), not a description.
# Triggers (coffee, stress, sleep ...) are not here: "my calf twitches after coffee"
# describes; only a question naming one is about the topic.
TOPIC_WORDS = {"als", "mnd", "bfs", "emg", "lou", "gehrig", "motor", "neurone", "neuron",
               "syndrome", "magnesium", "potassium", "calcium", "protein", "electrolytes",
               "vitamin", "vitamins", "b12", "supplement", "supplements", "causes", "cause",
               "calm", "relief", "relieve", "prevent", "prevention", "remedy", "remedies",
               "treatment", "treat", "cure", "doctor", "doc", "gp", "neurologist", "referral",
               "optometrist", "optician", "spasm", "cramp", "cramps", "difference", "tell",
               "explain", "reduce", "avoid", "preventing", "tips", "advice", "way", "ways",
               "reason", "causing"}
DISEASE_WORDS = {"als", "mnd", "lou", "gehrig", "motor", "neurone", "neuron"}
DOCTOR_WORDS = {"doctor", "doc", "gp", "neurologist", "optometrist", "optician"}
# Without a named place, a message about these is about the topic: health anxiety
# ("I'm panicking about my twitches"), an illness, alcohol or a medicine ("twitching
# after covid", "should I stop my antidepressant if it makes me twitch").
TOPIC_WITHOUT_PLACE = {"anxiety", "anxious", "panicking", "panic", "googling", "covid", "virus",
                       "vaccine", "vaccination", "booster", "flu", "alcohol", "hangover", "drink",
                       "drinking", "medication", "medicine", "meds", "antidepressant",
                       "antidepressants", "pill", "pills", "tablets"}
# Signs that count only as the user's own: a general question naming one is a topic
# ("can sweating a lot cause twitches?").
CAUSE_WORDS = {"cause", "causes", "give", "gives", "make", "makes", "trigger", "triggers"}
# A general question about an emergency sign asks about the topic, not about now:
# "what are the signs of a stroke?", "do twitches ever cause seizures?".
ABOUT_A_SIGN = CAUSE_WORDS | {"signs", "symptoms", "difference", "vs", "versus"}
# Someone else the user may be writing about ("my dad", "he", "she").
OTHERS = {"he", "she", "they", "him", "her", "them", "someone", "somebody", "this", "it"}


def _cue_labels(doc: Doc) -> Dict[int, str]:
    labels: Dict[int, str] = {}
    for span in doc.spans.get(CUES_KEY, []):
        for i in range(span.start, span.end):
            labels.setdefault(i, span.label_)
    return labels


def polarity(span: Span, cues: Optional[Dict[int, str]] = None) -> str:
    """present, absent ("no weakness") or uncertain ("not sure if it's weaker")."""
    doc = span.doc
    cues = _cue_labels(doc) if cues is None else cues
    i = span.start - 1
    seen = 0
    while i >= 0 and seen < NEGATION_WINDOW:
        tok = doc[i]
        low = tok.lower_
        if low in BREAKERS:
            break
        if low in ("and", "or") and i + 1 < len(doc) and doc[i + 1].lower_ in PRONOUNS:
            break
        if low in UNCERTAIN and (low != "think" or _negated_before(doc, i)):
            return "uncertain"
        if cues.get(i) == "negation":
            nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            if nxt in ("sure", "certain", "know", "tell"):  # "can't tell if I can breathe"
                return "uncertain"
            if not (low == "no" and nxt == "one"):  # "no one would care": a person, not a denial
                return "absent"
        i -= 1
        seen += 1
    return "present"


def _negated_before(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].lower_ in ("n't", "not", "dont", "don't")


def _trim(span: Span, filler: set) -> Span:
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in filler:
        start += 1
    return span.doc[start:span.end]


def _duration_days(span: Span, today: date) -> Optional[float]:
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in FREQUENCY_WORDS:
        return None
    return to_days(span.text, today)


def _entity(label: str, value: Any, shown: Span, pol: str) -> Dict[str, Any]:
    return {"entity": label, "value": value, "start": shown.start_char,
            "end": shown.end_char, "text": shown.text, "polarity": pol}


def entities(doc: Doc, today: Optional[date] = None) -> List[Dict[str, Any]]:
    """Rasa-style entity dicts for the ruler's matches, and the findings read from
    several of them (`medicine_change`, `rapid_progression`)."""
    today = today or user_today()
    cues = _cue_labels(doc)
    able = "still_able" in cues.values()
    out: List[Dict[str, Any]] = []
    for ent in doc.ents:
        label = ent.label_
        pol = polarity(ent, cues)
        if label == "duration":
            days = _duration_days(ent, today)
            if days is None or cues.get(ent.start) == "future":  # "I'll choke one day"
                continue
            if _in_clause(ent, lambda t: t.ent_type_ == "emergency") and not _in_clause(
                    ent, lambda t: t.ent_type_ == "twitch"):
                continue  # "my stroke was 5 years ago": how long ago that was, not the twitch
            shown = _trim(ent, LEADING_FILLER)
            value: Any = days
        elif label in ("body_part", "symptom", "trigger"):
            shown = _trim(ent, {"my"}) if label == "body_part" else ent
            value = ent.ent_id_ or ent.lower_
            if value == "stiffness" and _in_clause(ent, _is_exercise):
                continue  # stiff after a workout is soreness, not stiffness
            if value == "weakness" and able and pol == "present":
                pol = "absent"  # feels weak but can still do everything: no loss of strength
        else:
            continue
        out.append(_entity(label, value, shown, pol))
    out += [_entity("symptom", "medicine_change", span, polarity(span, cues))
            for span in _medicine_changes(doc, cues)]
    rapid = _rapid_progression(doc, cues, today)
    if rapid is not None:
        out.append(_entity("symptom", "rapid_progression", rapid, "present"))
    return out


def _in_clause(span: Span, test) -> bool:
    """Whether a token of the clause around the span (not the span itself) passes test."""
    doc = span.doc
    for step, start in ((-1, span.start - 1), (1, span.end)):
        i = start
        while 0 <= i < len(doc) and doc[i].lower_ not in CLAUSE_BREAKERS:
            if test(doc[i]):
                return True
            i += step
    return False


def _is_exercise(token) -> bool:
    return token.ent_type_ == "trigger" and token.ent_id_ == "exercise"


def _is_caffeine(token) -> bool:
    return token.ent_type_ == "trigger" and token.ent_id_ == "caffeine"


def _medicine_changes(doc: Doc, cues: Dict[int, str]) -> List[Span]:
    """'started a new inhaler', 'came off sertraline', 'my dose was upped'."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "medicine":
            continue
        before = [i for i in range(max(0, ent.start - 4), ent.start) if cues.get(i) == "change"]
        after = [i for i in range(ent.end, min(len(doc), ent.end + 4)) if cues.get(i) == "change"]
        if before:
            found.append(doc[before[0]:ent.end])
        elif after:
            found.append(doc[ent.start:after[-1] + 1])
    return found[:1]


def _rapid_progression(doc: Doc, cues: Dict[int, str], today: date) -> Optional[Span]:
    """Weakness, numbness or trouble speaking or swallowing that came on or got worse
    over hours to a few days: a speed word ("by the day"), or a change word with a
    stated duration of a few days at most ("weaker over the last three days")."""
    findings = [e for e in doc.ents if e.label_ == "symptom" and e.ent_id_ in PROGRESSING
                and polarity(e, cues) == "present"]
    if not findings:
        return None
    if any(label == "rapid" for label in cues.values()):
        return findings[0]
    days = [d for e in doc.ents if e.label_ == "duration"
            and (d := _duration_days(e, today)) is not None]
    if not days or max(days) > RAPID_DAYS:
        return None
    changing = any(t.lower_ in GETTING_WORSE or t.ent_id_ == "worsening" for t in doc)
    return findings[0] if changing else None


def emergency_reasons(doc: Doc, today: Optional[date] = None) -> List[str]:
    """Why this message describes an emergency: [] when it does not.

    The emergency phrases of the lexicon (breathing trouble, choking, a drooping face,
    being unable to speak, paralysis, a seizure, collapsing, a sudden severe headache,
    lost bladder or bowel control, numbness between the legs, a rash that doesn't fade);
    weakness, numbness or speech and swallowing trouble that came on suddenly; fever
    with a stiff neck or confusion; twitching or stiffness with fever, confusion,
    agitation, heavy sweating or a racing heart; rapid progression with speech or
    swallowing trouble. When in doubt, an emergency: "not sure if I'm choking" counts.
    Only what happens now or newly: denied, past ("last year") and feared-for-later
    ("one day") signs do not, nor seizures named beside a known epilepsy.
    """
    today = today or user_today()
    cues = _cue_labels(doc)
    now = [e for e in doc.ents if e.label_ in ("emergency", "companion") and _now(e, cues, today)]
    reasons = [e.ent_id_ for e in now if e.label_ == "emergency"]
    # Sudden: said of the sign itself ("but in the last hour my leg has gone weak"), or
    # anywhere in a message that names nothing lasting.
    sudden = (any(label == "sudden" for label in cues.values()) or _began_hours_ago(doc, today)) \
        and not _lasting(doc, today)
    reasons += [
        f"sudden_{ent.ent_id_}" for ent in doc.ents
        if ent.label_ == "symptom" and ent.ent_id_ in SUDDEN_EMERGENCY and polarity(ent, cues) != "absent"
        and (sudden or _in_clause(ent, lambda t: cues.get(t.i) == "sudden"))
    ]
    signs = {e.ent_id_ for e in now if e.label_ == "companion"}
    stiff = any(e.label_ == "symptom" and e.ent_id_ == "stiffness" and polarity(e, cues) != "absent"
                for e in doc.ents)
    if "fever" in signs:
        reasons += [f"fever_with_{s}" for s in sorted(signs & WITH_FEVER)]
    if "confusion" in signs and sudden:
        reasons.append("sudden_confusion")  # new confusion: "suddenly doesn't know where he is"
    if describes_twitching(doc, shaking=False) or stiff:
        reasons += [f"twitching_with_{s}" for s in sorted(signs & WITH_TWITCHING)]
    bulbar = any(e.label_ == "symptom" and e.ent_id_ == "bulbar_symptoms" and polarity(e, cues) == "present"
                 for e in doc.ents)
    if bulbar and _rapid_progression(doc, cues, today) is not None:
        reasons.append("rapid_bulbar_symptoms")
    return list(dict.fromkeys(reasons))


def _now(ent: Span, cues: Dict[int, str], today: date) -> bool:
    """A sign that is happening now or newly (or may be: "not sure if ...")."""
    if polarity(ent, cues) == "absent":
        return False
    if _in_clause(ent, lambda t: cues.get(t.i) in ("past", "future") or _long_ago(t, today)):
        return False
    if ent.ent_id_ == "seizure" and _known_epilepsy(ent, cues):
        return False
    if ent.ent_id_ in AFTER_EXERCISE_TOO and _in_clause(ent, _is_exercise):
        return False  # sweating, a pounding heart or out of breath at the gym
    if ent.ent_id_ in AFTER_CAFFEINE_TOO and _in_clause(ent, _is_caffeine):
        return False  # a racing heart from too much coffee
    words = {t.lower_ for t in ent.doc}
    if ent.label_ == "companion" and words & CAUSE_WORDS and (not words & PERSONAL or (
            "you" in words and _is_question([t.lower_ for t in ent.doc]))):
        return False  # "can sweating a lot cause twitches?", "can sweating make you twitch?" ask about a topic
    if words & ABOUT_A_SIGN and not words & (PERSONAL | OTHERS) and _is_question([t.lower_ for t in ent.doc]):
        return False  # "what are the signs of a stroke?": a general question, nobody's sign
    return True


def _long_ago(token, today: date) -> bool:
    """Part of "three weeks ago", "last year" or "in 2019": a week or more back."""
    if token.like_num and len(token.text) == 4 and token.text[:2] in ("19", "20"):
        return True
    doc = token.doc
    if token.lower_ == "ago":
        span = next((e for e in doc.ents if e.label_ == "duration" and e.end == token.i), None)
    elif token.lower_ == "last" and token.ent_iob_ == "B" and token.ent_type_ == "duration":
        span = next(e for e in doc.ents if e.start == token.i)
    else:
        return False
    days = _duration_days(span, today) if span is not None else None
    return days is not None and days >= 7


def _known_epilepsy(ent: Span, cues: Dict[int, str]) -> bool:
    """Seizures named beside a known epilepsy, with nothing saying one is happening now."""
    doc = ent.doc
    epilepsy = any(t.lower_.startswith("epilep") for t in doc)
    happening = doc[ent.start].lower_ in ("seizing", "convulsing", "fitting") or any(
        t.lower_ in ("having", "just") for t in doc[max(0, ent.start - 3):ent.start])
    return epilepsy and not happening and "sudden" not in cues.values()


def unsure_of_a_gradual_finding(doc: Doc) -> bool:
    """The message is only not sure of a finding that comes on gradually ("not sure if
    my speech is slurred"), naming no emergency sign: an answer, not a feared emergency."""
    if any(e.label_ in ("emergency", "companion") for e in doc.ents):
        return False
    cues = _cue_labels(doc)
    found = [e for e in doc.ents if e.label_ == "symptom" and e.ent_id_ in PROGRESSING]
    return bool(found) and all(polarity(e, cues) == "uncertain" for e in found) and not any(
        label in ("sudden", "rapid") for label in cues.values())


def negated_emergency(doc: Doc, today: Optional[date] = None) -> bool:
    """The message names emergency signs only to deny them ("no trouble breathing"),
    or as past or feared for later ("I fainted last year")."""
    named = [e for e in doc.ents if e.label_ == "emergency"]
    return bool(named) and not emergency_reasons(doc, today)


def _began_hours_ago(doc: Doc, today: date) -> bool:
    """"started 20 min ago", "an hour ago": an onset within the day."""
    return any(ent.end < len(doc) and doc[ent.end].lower_ == "ago"
               and (days := _duration_days(ent, today)) is not None and days < 1
               for ent in doc.ents if ent.label_ == "duration")


def _lasting(doc: Doc, today: Optional[date]) -> bool:
    """A stated duration of over a day: the onset was not just now."""
    return any(
        (days := _duration_days(ent, today or user_today())) is not None and days > 1
        for ent in doc.ents if ent.label_ == "duration"
    )


def crisis_level(doc: Doc, today: Optional[date] = None) -> Optional[str]:
    """None, "crisis", or "imminent" when the message also names a plan, the means,
    harm already done, or an emergency sign. A denial ("I'm not suicidal") is no
    crisis; a doubt ("not sure I can go on") is one."""
    cues = _cue_labels(doc)
    if not any(e.label_ == "crisis" and polarity(e, cues) != "absent" for e in doc.ents):
        return None
    risk = any(e.label_ == "crisis_risk" and polarity(e, cues) != "absent" for e in doc.ents) or any(
        e.label_ == "crisis" and MEANS & {t.lower_ for t in e} for e in doc.ents)
    return "imminent" if risk or emergency_reasons(doc, today) else "crisis"


def twitch_hyperbole(doc: Doc) -> bool:
    """ "ugh I'm dying here, this eyelid won't quit", "I'd kill for a night without it":
    a figure of speech about the twitch, where the rules find no crisis."""
    about_the_body = describes_twitching(doc) or any(e.label_ == "body_part" for e in doc.ents)
    return about_the_body and any(e.label_ == "ignore" and e.ent_id_ == "hyperbole" for e in doc.ents)


def describes_twitching(doc: Doc, shaking: bool = True) -> bool:
    """A twitch word, or a movement word ("jumping", "flickering") with a body part;
    with shaking=False, "shaking" does not count (with a fever it is shivering)."""
    labels = {(e.label_, e.ent_id_) for e in doc.ents}
    body = any(label == "body_part" for label, _ in labels) or any(
        t.lower_ in ("muscle", "muscles") for t in doc)
    movements = {("twitch", "movement"), ("twitch", "shaking")} if shaking else {("twitch", "movement")}
    return ("twitch", "twitch") in labels or (body and bool(movements & labels))


def asks_about_own_twitching(doc: Doc) -> bool:
    """The user describes their own twitching, or asks whether it matters, rather than
    asking about a topic: "should I be worried about my twitching", "I've noticed my
    calf twitching" (but not "is this ALS?" or "can coffee cause twitching?")."""
    if not describes_twitching(doc):
        return False
    words = [t.lower_ for t in doc]
    # A named place makes it the user's own twitch ("is a twitch under the knee bad?"),
    # and then a doctor question asks whether it matters.
    place = _names_a_place(doc) or _my_muscles(words)
    question = _is_question(words)
    # "does my twitching need a doctor?" asks whether the user's own twitch matters.
    own = place or any(w in ("my", "mine") and doc[i + 1].ent_type_ == "twitch"
                       for i, w in enumerate(words[:-1]))
    # About one's own twitch, "tell me" or "a doctor" asks whether it matters.
    topics = TOPIC_WORDS - DOCTOR_WORDS - {"tell", "explain"} if own else TOPIC_WORDS
    if place and not question:
        # A statement about a place describes, whatever disease it fears or advice it
        # asks for ("my shin has twitched for a fortnight and I'm sure it's MND").
        topics = set()
    if topics & set(words) or (not place and TOPIC_WITHOUT_PLACE & set(words)):
        return False
    if not question:  # a statement: "eye lid wont stop twitching ugh"
        return True
    if _only_asks_if_it_matters(doc):  # "is twitching dangerous?"
        return True
    # A place and how long: the user's own twitch, whatever the question after it.
    if place and any(e.label_ == "duration" for e in doc.ents):
        return True
    if not (PERSONAL & set(words) or place) or any(e.label_ == "trigger" and e.ent_id_ != "none" for e in doc.ents):
        return False
    # "how long should a twitch go on before I worry" asks about a topic; "how
    # worried should I be", "is mine serious?" ask whether it matters.
    # "what's wrong with me" asks it too; "when should I see an eye doctor" is a topic.
    topic_question = words[0] in WH_WORDS and not (
        words[0] == "how" and len(words) > 1 and words[1] in WORRY) and "wrong" not in words
    return bool(WORRY & set(words)) and not topic_question


def _my_muscles(words: List[str]) -> bool:
    """"my muscles keep twitching": the user's own, as a named place is."""
    return any(w == "my" and nxt in ("muscle", "muscles") for w, nxt in zip(words, words[1:]))


# All a short yes/no question may hold besides the twitch and a worry word.
ONLY_THE_TWITCH = {"is", "are", "a", "my", "this", "it", "muscle", "muscles", "really", "always",
                   "usually", "ever", "?", "something", "to", "about", "be"}


def _only_asks_if_it_matters(doc: Doc) -> bool:
    """"is twitching dangerous?", "are muscle twitches serious?": whether twitching
    itself matters, asked of the user's own, with nothing else named."""
    words = [t.lower_ for t in doc]
    return words[0] in ("is", "are") and bool(WORRY & set(words)) and all(
        w in ONLY_THE_TWITCH or w in WORRY or t.ent_type_ == "twitch" for w, t in zip(words, doc))


def _is_question(words: List[str]) -> bool:
    """A question mark, or a clause that opens with a question word ("..., how do i calm it");
    "which" after a comma starts a relative clause ("..., which is weird")."""
    starts = [w for i, w in enumerate(words) if i == 0 or (words[i - 1] in BREAKERS and w != "which")]
    return "?" in words or bool(QUESTION_WORDS & set(starts))


# Intents the door leaves alone: they already start, answer or end the triage.
KEEP_AT_DOOR = {"describe_symptoms", "emergency", "crisis", "affirm", "deny", "unsure", "stop"}
ANSWERS = {"affirm", "deny", "unsure", "stop"}


# The journal's intents keep a twitch message that names the journal ("log a twitch",
# "add to my journal: left calf"); without it the message is a description.
JOURNAL_INTENTS = {"journal_start", "journal_log", "journal_show", "journal_summary",
                   "journal_export", "journal_checkin", "journal_reminders_on",
                   "journal_reminders_off"}


def names_the_journal(doc: Doc) -> bool:
    return "journal" in _cue_labels(doc).values()


def _names_a_place(doc: Doc) -> bool:
    return any(e.label_ == "body_part" for e in doc.ents)


def door_intent(doc: Doc, intent: str) -> Optional[str]:
    """"describe_symptoms" where the door rule (contract 3) overrides the classifier:
    a message about twitching never gets a fallback or another question's answer.
    FAQ intents (faq_x, or the retrieval intent faq/x) keep topic questions ("can
    coffee cause twitching?") and give way to descriptions and "is mine serious?"."""
    if not describes_twitching(doc):
        return None
    # An answer word with a place, or with a question about the user's own twitch
    # ("could you tell me if my twitching is bad"), is a description, not an answer.
    if intent in KEEP_AT_DOOR and not (intent in ANSWERS and (
            _names_a_place(doc) or (_is_question([t.lower_ for t in doc]) and asks_about_own_twitching(doc)))):
        return None
    if intent in JOURNAL_INTENTS and names_the_journal(doc):
        return None
    if intent.startswith("faq") and not asks_about_own_twitching(doc):
        return None
    return "describe_symptoms"
