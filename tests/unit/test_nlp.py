"""The spaCy rules: entities with polarity, and emergency recognition."""
from datetime import date

import pytest

from twitch.nlp_build import build
from twitch.nlp_read import (asks_about_own_twitching, crisis_level, describes_twitching,
                             door_intent, emergency_reasons, entities, negated_emergency)

SUNDAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def nlp():
    return build()


def found(nlp, text, label=None):
    ents = entities(nlp(text), SUNDAY)
    return [(e["entity"], e["value"], e["polarity"]) for e in ents if label in (None, e["entity"])]

EMERGENCIES = [
    "my calf has twitched for weeks, but within the last hour my arm went numb",
    "my breathing has gone shallow and my arms keep twitching",
    "I can barely breathe",
    "since this morning I can't feel my saddle area",
    "my husband collapsed and won't wake up",
    "my mum is on the floor and is not responding",
    "my baby has these jerks in clusters when she wakes",
    # stroke signs, breathing and choking
    "I can't breathe",
    "cant breath properly",
    "struggling to breathe",
    "I'm choking",
    "I can't swallow",
    "my face is drooping on one side",
    "I suddenly can't get my words out",
    "my arm suddenly went weak",
    "all of a sudden my leg is numb",
    "I think I'm having a stroke",
    "hang on, my face suddenly feels droopy on one side and I can't get words out",
    "short of breath and my calf is twitching",
    "one side of my face feels weird",
    "my speech went slurred just now",
    # one-sided and face signs
    "everything went weak on my left side",
    "one side of my face won't move",
    "my smile is lopsided all of a sudden",
    "my mouth is drooping and drooling",
    "half my face went numb just now",
    "right side of my body feels heavy",
    # sudden onset, in other words
    "my arm just went weak",
    "my leg went numb within minutes",
    "I woke up and couldn't move my arm",
    "woke up with my face numb on one side",
    "my hand went weak over the last hour",
    "came on fast, my arm is weak and tingly",
    "my leg just gave out and I can't stand",
    # the contract's other signs (version 2)
    "I think I'm having a seizure",
    "my son is having a fit",
    "she's convulsing on the floor",
    "I just collapsed in the shower",
    "I keep passing out",
    "I feel like I'm about to faint",
    "sudden severe headache, the worst of my life",
    "I've got the worst headache ever and my calf is twitching",
    "a thunderclap headache just hit me",
    "I lost bladder control and my legs feel numb",
    "I've wet myself and I can't feel between my legs",
    "numb between my legs since this morning",
    "fever and a stiff neck",
    "I have a fever and I'm confused",
    "a rash that doesn't fade under a glass",
    "twitching all over and a high fever",
    "my muscles are stiff and I'm sweating heavily",
    "since upping my sertraline I'm twitching and my heart is racing",
    "twitchy, agitated and confused after my new tablets",
    "my speech got worse over the last day and now it's hard to swallow",
    # when in doubt: feared or uncertain, happening now
    "I don't know if I'm having a stroke",
    "not sure if I'm choking",
    "I might be having a stroke",
    "is this a seizure?",
    "I'm scared I'm having a stroke right now",
    # a past sign does not hide a present one
    "I fainted last year and now I can't breathe",
    # a face that droops, said as a verb; breathless with no workout
    "her mouth drooped all of a sudden",
    "I'm out of breath sitting on the couch and my arm twitches",
    # someone who will not wake is an emergency, not a wish not to wake
    "grandma fell and did not wake up",
]

NOT_EMERGENCIES = [
    # shivering with a fever is not twitching with a fever
    "I've got a temperature and my whole body is shaking",
    "I sometimes choke a little when I gulp water",
    # gradual or denied signs, and questions
    "my calf has twitched for three weeks and I feel weaker",
    "slurred speech for a couple of months",
    "no trouble breathing and no weakness",
    "my eyelid keeps twitching",
    "the twitching started suddenly three weeks ago",
    "I'm not choking or anything, just twitchy",
    "my hand has felt weak for months",
    "what is an emg",
    # a tired eyelid, face twitches
    "is it normal for the eyelid to droop when tired?",
    "my eyelid droops a bit in the evening",
    "half of my face is twitching",
    "my face twitches near my mouth",
    # ordinary mornings
    "my arm went dead after sleeping on it",
    "I woke up with a twitchy eyelid",
    "my calf twitches when I wake up",
    "woke up with my calf twitching again, it's been 3 weeks and it feels weak",
    # past, future, denied, or a known diagnosis in passing (contract 3)
    "I fainted last year",
    "I had a seizure as a kid",
    "my grandad died of a stroke",
    "I'm scared I'll choke one day",
    "can twitching lead to seizures?",
    "will I end up unable to swallow?",
    "I have epilepsy and my calf twitches, my seizures are well controlled",
    "no fever, no headache, just twitching",
    "I'm not having a seizure, it's just my eyelid",
    # not an emergency by itself
    "my legs feel weak and heavy but I can still do everything",
    "I'm confused about why my calf twitches",
    "a stiff neck from sleeping funny and a twitchy shoulder",
    "I'm fit and healthy, my calf twitches after running",
    "my back seized up at the gym",
    "I sweat a lot at the gym and my calves twitch after",
    # what a workout, coffee, a tiring day or a drink down the wrong way does
    "I was short of breath after football and then my thighs twitched",
    "my heart races after three espressos and my eyelid flickers",
    "I crashed on the couch after a night shift, legs twitching",
    "choked on my tea earlier when I laughed, now my lip twitches",
    # a question about a cause, asked of anyone
    "can heavy sweating make you twitch?",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergencies_are_recognised(nlp, text):
    assert emergency_reasons(nlp(text), SUNDAY)


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_non_emergencies_are_not(nlp, text):
    assert emergency_reasons(nlp(text), SUNDAY) == []


def test_several_facts_in_one_message(nlp):
    assert found(nlp, "eyelid for three weeks, no weakness, lots of coffee") == [
        ("body_part", "eyelid", "present"),
        ("duration", 21.0, "present"),
        ("symptom", "weakness", "absent"),
        ("trigger", "caffeine", "present"),
    ]


@pytest.mark.parametrize("text, value, polarity", [
    ("my thumb twitches and I keep dropping my coffee cup", "weakness", "present"),
    ("my calf has twitched for three weeks and I feel weaker", "weakness", "present"),
    ("no numbness or tingling", "sensory_symptoms", "absent"),
    ("not weak, but I get pins and needles", "sensory_symptoms", "present"),
    ("I'm not sure if my grip is weaker", "weakness", "uncertain"),
    ("my mum had ALS", "family_history", "present"),
    ("the muscle looks thinner than the other side", "atrophy", "present"),
    ("it's spreading to my arms", "spreading", "present"),
    ("my speech has been slurred for weeks", "bulbar_symptoms", "present"),
    ("the cramps are really painful", "painful_cramps", "present"),
    ("it's getting worse", "worsening", "present"),
    ("I don't have numbness and I feel weak", "weakness", "present"),
])
def test_findings_and_polarity(nlp, text, value, polarity):
    assert ("symptom", value, polarity) in found(nlp, text, "symptom")


@pytest.mark.parametrize("text, part", [
    ("my left calf keeps jumping", "left calf"), ("EYELID twitch", "EYELID"),
    ("twitch in my right thumb", "right thumb"), ("my lower back", "lower back"),
])
def test_body_parts_keep_the_words_used(nlp, text, part):
    assert [e["text"] for e in entities(nlp(text), SUNDAY) if e["entity"] == "body_part"] == [part]


def test_how_often_is_not_how_long(nlp):
    assert found(nlp, "it twitches 10 times a day", "duration") == []
    assert found(nlp, "every few minutes for 2 weeks", "duration") == [("duration", 14, "present")]


def test_a_denied_emergency_sign_is_recognised_as_denied(nlp):
    assert negated_emergency(nlp("no trouble breathing"))
    assert not negated_emergency(nlp("I can't breathe"))


def test_a_coffee_cup_is_not_caffeine(nlp):
    assert found(nlp, "I keep dropping my coffee cup", "trigger") == []
    assert found(nlp, "two cups of coffee a day", "trigger") == [("trigger", "caffeine", "present")]


@pytest.mark.parametrize("text", ["I got back into running", "how do I stop it coming back"])
def test_back_as_a_word_is_not_a_body_part(nlp, text):
    assert found(nlp, text, "body_part") == []


def test_asking_whether_to_worry_is_not_a_trigger(nlp):
    assert found(nlp, "my calf has twitched for 3 weeks, should I be worried?", "trigger") == []


def test_choking_on_food_is_an_emergency(nlp):
    assert emergency_reasons(nlp("pls help im choking on food"), SUNDAY) == ["choking"]


@pytest.mark.parametrize("text, days", [("since saturday", 1), ("since the 1st", 21), ("since wednesday", 4)])
def test_since_phrases_are_found(nlp, text, days):
    assert found(nlp, f"my shoulder has twitched {text}", "duration") == [("duration", days, "present")]


def test_sitting_still_is_no_trigger(nlp):
    assert found(nlp, "it happens when I'm just sitting", "trigger") == [("trigger", "none", "present")]


@pytest.mark.parametrize("text, trigger", [("too much screen time probably", "strain"),
                                           ("typing a lot at work", "strain"),
                                           ("I cannot think of any reason for it", "none"),
                                           ("nothing that comes to mind", "none")])
def test_answers_to_the_trigger_question(nlp, text, trigger):
    assert found(nlp, text, "trigger") == [("trigger", trigger, "present")]




# Crisis (contract 3): thoughts of suicide or self-harm, or not being able to go on
# or cope. Fear of ALS and panic are not crisis. A friend's self-harm is read as a
# crisis too: the line helps people worried about someone, and when in doubt about
# safety, a crisis. Idioms and denials are not.
CRISES = [
    "honestly I cannot exist like this any longer",
    "lately I keep thinking about not existing",
    "some nights I'd rather not be around anymore",
    "I daydream about my funeral a lot",
    "honestly i can't see any way out of this",
    "I can't cope with this anymore, I want to die",
    "I can't cope",
    "I'm not coping at all",
    "I can't go on like this",
    "I can't take it anymore",
    "I don't want to be alive anymore",
    "sometimes I wish I was dead",
    "I've been having suicidal thoughts",
    "I want to kill myself",
    "everyone would be better off without me",
    "there's no point in living",
    "I've been self-harming again",
    "I want to hurt myself",
    "kms",
    "not sure I can go on",
    "my friend self-harms",
    "I'm done with life",
    "everyone would be happier if I was gone",
    "what is the point in carrying on",
    "no one would care if I were dead",
    "I'm just a burden",
    "I know how to end it all now",
    "deliberately cut myself again",
    "I burnt myself on purpose last night",
]
NOT_CRISES = [
    "this twitching is killing me",
    "I could die of embarrassment",
    "I'm terrified it's ALS",
    "having a panic attack over this twitch",
    "I'm not suicidal, just worried about my calf",
    "I don't want to die of ALS",
    "I hurt myself at the gym and now my calf twitches",
    "I can't go on a run without my calves twitching",
    "I never wake up rested",
    "I'd like to take things slowly",
    "I can't take this medicine with food",
]
IMMINENT = [
    "I have all of my painkillers laid out on the bed",
    "there is a whole box of tablets next to me right now",
    "i'm standing on the ledge and i want to jump",
    "swallowed a handful of painkillers before bed",
    "I keep thinking about taking an overdose",
    "I have been stockpiling my tablets for weeks",
    "last night i wrote a goodbye letter to my kids",
    "I want to kill myself, I have the pills ready",
    "I have a plan to end my life tonight",
    "I've already cut myself and I want to die",
    "I can't cope and I can't breathe",
    "I have the tablets here and I want to end it",
    "I'm going to swallow all my tablets",
    "I've saved all my sleeping pills",
    "I've decided to end it all",
]


@pytest.mark.parametrize("text", CRISES)
def test_crises_are_recognised(nlp, text):
    assert crisis_level(nlp(text), SUNDAY) == "crisis"


@pytest.mark.parametrize("text", NOT_CRISES)
def test_idioms_denials_and_health_anxiety_are_not_crises(nlp, text):
    assert crisis_level(nlp(text), SUNDAY) is None


@pytest.mark.parametrize("text", IMMINENT)
def test_a_plan_the_means_harm_done_or_an_emergency_is_imminent(nlp, text):
    assert crisis_level(nlp(text), SUNDAY) == "imminent"


# The door (contract 3): a message about one's own twitching starts the triage,
# whatever the classifier said; topic questions stay FAQs.
@pytest.mark.parametrize("text, intent", [
    ("is my twitching serious?", "nlu_fallback"),
    ("Muscle twitching", "out_of_scope"),
    ("twitchy leg", "nlu_fallback"),
    ("should I be worried about my twitching", "faq_als"),
    ("I've noticed twitching in my calf", "greet"),
    ("can you check whether my twitching is something to worry about?", "faq_eyelid"),
    ("can you check whether my twitching is something to worry about?", "faq/eyelid"),
    ("hi, my calf keeps jumping", "greet"),
    ("my leg is twiching alot", "out_of_scope"),
    ("are my twitches a problem?", "faq_doctor"),
    ("how worried should I be about my arm twitching", "faq_stress"),
    # a statement about a place describes, whatever disease it fears
    ("my shin has twitched for a fortnight and I'm sure it's MND", "faq/als"),
    # "my twitching": the user's own, so a doctor question asks whether it matters
    ("does my twitching need seeing to by a GP?", "faq/doctor"),
    ("my foot keeps twtching", "out_of_scope"),
    # "shaking" for a small muscle's movement, as people new to English often put it
    ("the corner of my mouth shakes by itself since monday", "out_of_scope"),
])
def test_descriptions_go_through_the_door(nlp, text, intent):
    assert door_intent(nlp(text), intent) == "describe_symptoms"


@pytest.mark.parametrize("text, intent", [
    ("can coffee cause twitching?", "faq_caffeine"),
    ("can coffee cause twitching?", "faq/caffeine"),
    ("is this ALS? my arm has twitched for 2 months", "faq_als"),
    ("my knee hurts when I run", "out_of_scope"),
    ("my calf twitches", "describe_symptoms"),
    ("yes it twitches at night", "affirm"),
    ("what causes muscle twitching?", "faq_causes"),
    ("how long should a muscle twitch go on before i worry", "faq_duration"),
    # with no place named: health anxiety, an illness, a medicine
    ("I'm anxious all the time about twitching", "faq/stress"),
    ("twitches after the flu jab, is that common?", "faq/after_illness"),
    ("is it ok to keep taking my meds if they make me twitch", "faq/medicines"),
])
def test_topics_and_other_intents_stay(nlp, text, intent):
    assert door_intent(nlp(text), intent) is None


def test_a_twitch_word_or_a_movement_of_a_body_part_describes_twitching(nlp):
    assert describes_twitching(nlp("fasciculations"))
    assert describes_twitching(nlp("my thigh keeps jumping"))
    assert not describes_twitching(nlp("I keep jumping to conclusions"))
    assert asks_about_own_twitching(nlp("I've noticed my calf twitching"))
    assert not asks_about_own_twitching(nlp("why do muscles twitch?"))


# New findings from text (contract 2): stiffness, medicine_change, rapid_progression.
@pytest.mark.parametrize("text, value, expected", [
    ("my muscles feel stiff and twitchy", "stiffness", "present"),
    ("my calves are rigid and twitching", "stiffness", "present"),
    ("my legs are stiff after leg day", "stiffness", None),
    ("no stiffness at all", "stiffness", "absent"),
    ("a few days after I began a new asthma inhaler", "medicine_change", "present"),
    ("since I came off sertraline my legs twitch", "medicine_change", "present"),
    ("my dose was increased last week", "medicine_change", "present"),
    ("I haven't changed any medication", "medicine_change", "absent"),
    ("I take sertraline", "medicine_change", None),
    ("my legs have got weaker over the last three days and my feet tingle", "rapid_progression", "present"),
    ("my arm is getting weaker by the day", "rapid_progression", "present"),
    ("my calf has twitched for 3 days and feels weak", "rapid_progression", None),
    ("my hand has got weaker over three months", "rapid_progression", None),
])
def test_new_findings(nlp, text, value, expected):
    got = [p for _, v, p in found(nlp, text, "symptom") if v == value]
    assert got == ([expected] if expected else [])


def test_felt_weakness_while_able_is_no_loss_of_strength(nlp):
    assert ("symptom", "weakness", "absent") in found(
        nlp, "my legs feel weak and heavy but I can still do everything", "symptom")


@pytest.mark.parametrize("text", [
    "My calves twitch every evening after leg day",
    "twitching in my left foot for three weeks",
    "it's happening more and more",
    "both legs twitch after leg day",
])
def test_one_area_or_more_often_is_not_spreading(nlp, text):
    assert "spreading" not in [v for _, v, _ in found(nlp, text, "symptom")]


def test_more_and_more_is_worsening(nlp):
    assert ("symptom", "worsening", "present") in found(nlp, "it's happening more and more")


def test_one_day_in_a_fear_is_no_duration(nlp):
    assert found(nlp, "I'm scared I'll choke one day", "duration") == []


def test_since_marriage_is_no_month(nlp):
    assert found(nlp, "my calf has twitched since marriage", "duration") == []


def test_how_long_ago_another_event_was_is_not_the_twitchs_duration(nlp):
    assert found(nlp, "I had a TIA ten years back, and my thumb twitches", "duration") == []
    assert found(nlp, "my seizure was 3 years ago, now my calf has twitched for 5 days", "duration") == [
        ("duration", 5.0, "present")]


def test_a_doubt_about_a_gradual_finding_is_an_answer_not_an_emergency(nlp):
    from twitch.nlp_read import unsure_of_a_gradual_finding
    assert unsure_of_a_gradual_finding(nlp("possibly a bit of trouble swallowing"))
    assert not unsure_of_a_gradual_finding(nlp("not sure, but my words came out slurred just now"))
    assert not unsure_of_a_gradual_finding(nlp("not sure if I'm choking"))
