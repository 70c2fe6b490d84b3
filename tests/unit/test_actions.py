"""Each action against a fresh tracker (one per test)."""
import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.emergency import ActionEmergency
from actions.extract_findings import ActionExtractFindings
from actions.faq import ActionAnswerFaq
from actions.triage_form import ValidateTriageForm
from actions.triage_result import ActionTriageResult

NO_FLAGS = {"weakness": False, "atrophy": False, "spreading": False, "sensory_symptoms": False,
            "bulbar_symptoms": False, "clear_trigger": True, "worsening": False,
            "painful_cramps": False, "family_history": False, "stiffness": False,
            "medicine_change": False}
SIGNS = ("weakness", "atrophy", "sensory_symptoms", "bulbar_symptoms")


@pytest.fixture(autouse=True)
def journal_db(tmp_path, monkeypatch):
    """The triage result writes to the journal of a user who keeps one: a migrated,
    empty SQLite journal of the test's own."""
    from journal.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'journal.db'}"
    upgrade(url)
    monkeypatch.setenv("JOURNAL_DB_URL", url)


def make_tracker(slots=None, intent="describe_symptoms", entities=(), text="", active_loop=None):
    return Tracker(
        sender_id="test-user",
        slots=dict(slots or {}),
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0},
                        "entities": list(entities)},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_extract_findings_takes_everything_in_the_first_message():
    tracker = make_tracker(entities=[
        {"entity": "body_part", "value": "calf", "text": "calf", "polarity": "present"},
        {"entity": "duration", "value": 21.0, "polarity": "present"},
        {"entity": "symptom", "value": "weakness", "polarity": "present"},
    ])
    _, slots = run(ActionExtractFindings(), tracker)
    assert slots == {"twitch_location": "calf", "twitch_duration_days": 21.0, "weakness": True}


def test_extract_findings_records_not_sure_for_the_question_asked():
    tracker = make_tracker({"requested_slot": "atrophy"}, intent="unsure", active_loop="triage_form")
    _, slots = run(ActionExtractFindings(), tracker)
    assert slots == {"unsure_findings": ["atrophy"]}


def test_extract_findings_ignores_yes_outside_the_form():
    tracker = make_tracker({"requested_slot": "atrophy"}, intent="affirm")
    assert run(ActionExtractFindings(), tracker) == ([], {})


def test_validation_asks_the_next_question_a_group_with_a_button_each():
    tracker = make_tracker({"twitch_location": "calf", "twitch_duration_days": 2}, active_loop="triage_form")
    messages, slots = run(ValidateTriageForm(), tracker)
    assert slots == {"requested_slot": "signs"}
    assert messages[0]["text"].startswith("Have you noticed any of these")
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[-2:] == ["None of these", "Not sure"] and len(titles) == 6
    assert all("other side" not in t and "compare" not in t for t in titles + [messages[0]["text"]])


def test_validation_asks_a_single_question_with_yes_no_not_sure():
    tracker = make_tracker({"twitch_location": "calf", "twitch_duration_days": 2, "weakness": True,
                            "atrophy": False, "sensory_symptoms": False, "bulbar_symptoms": False},
                           active_loop="triage_form")
    messages, slots = run(ValidateTriageForm(), tracker)
    assert slots == {"requested_slot": "rapid_progression"}
    assert [b["title"] for b in messages[0]["buttons"]] == ["Yes", "No", "Not sure"]


def test_a_group_button_sets_that_finding_only():
    tracker = make_tracker({"requested_slot": "signs", "twitch_location": "calf", "twitch_duration_days": 2},
                           entities=[{"entity": "symptom", "value": "sensory_symptoms"}],
                           text='/describe_symptoms{"symptom": "sensory_symptoms"}', active_loop="triage_form")
    assert run(ActionExtractFindings(), tracker)[1] == {"sensory_symptoms": True}


@pytest.mark.parametrize("intent, text, entities, expected", [
    ("deny", "/deny", [], {n: False for n in SIGNS}),
    ("deny", "no none of those", [], {n: False for n in SIGNS}),
    ("unsure", "/unsure", [], {"unsure_findings": list(SIGNS)}),
    ("describe_symptoms", "just the tingling",
     [{"entity": "symptom", "value": "sensory_symptoms", "polarity": "present"}],
     {"sensory_symptoms": True, "weakness": False, "atrophy": False, "bulbar_symptoms": False}),
    ("describe_symptoms", "no numbness but my grip is weaker",
     [{"entity": "symptom", "value": "sensory_symptoms", "polarity": "absent"},
      {"entity": "symptom", "value": "weakness", "polarity": "present"}],
     {"sensory_symptoms": False, "weakness": True}),
])
def test_free_text_answers_to_a_group_question(intent, text, entities, expected):
    tracker = make_tracker({"requested_slot": "signs", "twitch_location": "calf", "twitch_duration_days": 2},
                           intent=intent, entities=entities, text=text, active_loop="triage_form")
    assert run(ActionExtractFindings(), tracker)[1] == expected


@pytest.mark.parametrize("text", ["my 9 year old's leg keeps twitching, should I worry?",
                                  "my son (12) has a twitchy eyelid", "I'm 15 and my calf twitches"])
def test_extract_findings_reads_an_age_under_16(text):
    assert run(ActionExtractFindings(), make_tracker(text=text))[1]["age_under_16"] is True


def test_under_16_ends_the_questions_and_gets_the_childrens_advice():
    tracker = make_tracker({"age_under_16": True, "twitch_location": "leg"}, active_loop="triage_form")
    assert run(ValidateTriageForm(), tracker) == ([], {"requested_slot": None})
    messages, slots = run(ActionTriageResult(), tracker)
    assert slots == {} and messages[0]["custom"] == {"type": "under_16"}
    assert "16 and over" in messages[0]["text"]


def test_validation_ends_the_form_when_nothing_can_change_the_level():
    tracker = make_tracker({"twitch_location": "hand", "twitch_duration_days": 10, "atrophy": True,
                            "weakness": False, "spreading": False, "sensory_symptoms": False,
                            "bulbar_symptoms": False, "family_history": False, "stiffness": False},
                           active_loop="triage_form")
    assert run(ValidateTriageForm(), tracker)[1] == {"requested_slot": None}


def test_triage_result_sets_level_and_flags_and_explains():
    tracker = make_tracker({"twitch_location": "thumb", "twitch_duration_days": 10,
                            **NO_FLAGS, "weakness": True, "clear_trigger": False})
    messages, slots = run(ActionTriageResult(), tracker)
    assert slots == {"triage_level": "soon", "red_flags": ["weakness"]}
    assert "information, not a diagnosis" in messages[0]["text"]
    assert messages[0]["custom"]["level"] == "soon"


def test_a_journal_that_cannot_be_read_still_gives_the_result(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNAL_DB_URL", f"sqlite:///{tmp_path / 'never-migrated.db'}")
    tracker = make_tracker({"twitch_location": "thumb", "twitch_duration_days": 10,
                            **NO_FLAGS, "weakness": True, "clear_trigger": False})
    messages, slots = run(ActionTriageResult(), tracker)
    assert slots["triage_level"] == "soon"
    assert messages[0]["custom"]["level"] == "soon"


def test_triage_result_self_care_for_a_calf_after_a_run():
    tracker = make_tracker({"twitch_location": "calf", "twitch_duration_days": 1, **NO_FLAGS,
                            "triggers": ["exercise"]})
    messages, slots = run(ActionTriageResult(), tracker)
    assert slots == {"triage_level": "self_care", "red_flags": []}


def test_emergency_records_the_level():
    _, slots = run(ActionEmergency(), make_tracker(intent="emergency"))
    assert slots == {"emergency_symptoms": True, "triage_level": "emergency",
                     "red_flags": ["emergency_symptoms"]}


def faq_tracker(topic, **kwargs):
    """A typed question: the intent `faq`, and the topic the ResponseSelector picked."""
    tracker = make_tracker(intent="faq", **kwargs)
    tracker.latest_message["intent"]["full_retrieval_intent_name"] = f"faq/{topic}"
    return tracker


def test_faq_answers_from_the_knowledge_base_and_offers_the_triage():
    messages, slots = run(ActionAnswerFaq(), faq_tracker("caffeine"))
    assert slots == {"faq_topic": "caffeine"}
    assert "caffeine" in messages[0]["text"].lower()
    assert {"title": "Check my twitching", "payload": "/describe_symptoms"} in messages[0]["buttons"]
    assert {"title": "Lack of sleep", "payload": '/faq{"faq_key": "sleep"}'} in messages[0]["buttons"]


def test_faq_inside_the_triage_does_not_offer_another_triage():
    messages, _ = run(ActionAnswerFaq(), faq_tracker("sleep", active_loop="triage_form"))
    assert all(b["payload"] != "/describe_symptoms" for b in messages[0]["buttons"])


def test_a_medicine_reaction_found_by_the_questions_is_an_emergency():
    tracker = make_tracker({"twitch_location": "thumb", "twitch_duration_days": 4, **NO_FLAGS,
                            "medicine_change": True, "medicine_reaction": True})
    messages, slots = run(ActionTriageResult(), tracker)
    assert slots == {"triage_level": "emergency", "red_flags": ["emergency_symptoms"]}
    assert messages[0]["custom"]["type"] == "emergency"


def test_a_faq_button_names_its_topic_in_an_entity():
    tracker = make_tracker(intent="faq", entities=[{"entity": "faq_key", "value": "night_cramps"}])
    messages, slots = run(ActionAnswerFaq(), tracker)
    assert slots == {"faq_topic": "night_cramps"} and messages[0]["custom"]["key"] == "night_cramps"


@pytest.mark.parametrize("entities", [[], [{"entity": "faq_key", "value": "no_such_topic"}]])
def test_a_faq_without_a_known_topic_gets_the_out_of_scope_answer(entities):
    messages, slots = run(ActionAnswerFaq(), make_tracker(intent="faq", entities=entities))
    assert slots == {} and messages[0]["response"] == "utter_out_of_scope"


def test_an_emergency_about_a_child_is_not_read_as_the_users_age():
    tracker = make_tracker(intent="emergency", text="my son has a fever and a stiff neck and he's confused")
    _, slots = run(ActionExtractFindings(), tracker)
    assert "age_under_16" not in slots
