import os

import pytest

from tests.e2e.server import Servers


@pytest.fixture(scope="session")
def servers():
    model = os.environ.get("TWITCH_MODEL")
    if not model:
        pytest.fail("TWITCH_MODEL is not set: run the end-to-end tests through `make test-e2e`")
    s = Servers(model, os.environ.get("TWITCH_TRACKER_STORE", "sqlite")).start()
    yield s
    s.stop()
