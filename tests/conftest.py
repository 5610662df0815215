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


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver for the whole run, shared by the browser and hub suites: Playwright's sync API runs an
    event loop of its own and cannot be started a second time while the first is still open."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver
