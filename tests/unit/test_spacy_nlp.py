"""The spaCy pipeline comes from the installed package, whatever the working directory,
so a model trained here loads on any host with the package (twitch_nlu/spacy_nlp.py)."""
import pytest
from rasa.nlu.model import InvalidModelError

from twitch_nlu.spacy_nlp import SpacyNLP


def test_the_pipeline_loads_by_name_from_another_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    model = SpacyNLP.load_model("spacy_twitch")
    assert model.model_name == "spacy_twitch"  # the fingerprint: the same on every host
    doc = model.model("my left calf twitches")
    assert "body_part" in {e.label_ for e in doc.ents}


def test_an_unknown_pipeline_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InvalidModelError, match="make spacy"):
        SpacyNLP.load_model("no_such_pipeline")
