"""Rasa's SpacyNLP, loading the project's spaCy pipeline from the installed package.

Rasa hands `model` to spacy.load, which reads a relative path against the working
directory: a model trained here would not load in another directory or on another
host. Here a name that is not an existing directory is a pipeline in this package's
data directory (twitch_nlu/pipelines/<name>, built by `make spacy` from
content/lexicon.yml), so any host with the package installed loads any model.

The class keeps the name SpacyNLP because Rasa's recipe finds the component that
provides the spaCy model to SpacyTokenizer by class name; it registers under that
name after Rasa's own (imported above it), so the config's module path picks it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.model import InvalidModelError
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel

PIPELINES = Path(__file__).resolve().parent / "pipelines"


def pipeline_path(name: Text) -> Path:
    """Where the pipeline called `name` is: a directory as given, else the package's."""
    given = Path(name)
    return given if given.is_dir() else PIPELINES / name


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    @staticmethod
    def load_model(spacy_model_name: Text) -> SpacyModel:
        path = pipeline_path(spacy_model_name or "")
        if not spacy_model_name or not (path / "meta.json").is_file():
            raise InvalidModelError(f"No spaCy pipeline '{spacy_model_name}' in {PIPELINES}: run `make spacy`.")
        loaded = spacy_utils.SpacyNLP.load_model(str(path))
        # The name, not the path, is the fingerprint: the same on every host.
        return SpacyModel(model=loaded.model, model_name=spacy_model_name)
