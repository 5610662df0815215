"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

from mentoringkit.curriculum import load_curriculum
from mentoringkit.storage import DATA_ENV


@pytest.fixture(scope="module")
def cur():
    """The shipped curriculum (loaded once and cached by the loader)."""
    return load_curriculum()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A private data folder for workbooks, as MENTORINGKIT_DATA."""
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "data"))
    return tmp_path / "data"
