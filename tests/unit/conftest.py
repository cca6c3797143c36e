from __future__ import annotations

import os

import pytest

from shared import keys
from shared.config import reset_settings


@pytest.fixture(autouse=True)
def signing_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Unit tests sign tokens with a key of their own and need no database."""
    folder = tmp_path_factory.getbasetemp() / "unit-keys"
    monkeypatch.setenv("SIGNING_KEY_FILE", str(folder / "key.json"))
    reset_settings()
    keys.reset_keys()
    yield
    reset_settings()
    keys.reset_keys()
    assert "SIGNING_KEY_FILE" in os.environ
