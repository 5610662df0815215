"""Settings for every pytest run, tests/ and notebooks/ alike (nbval collects notebooks outside tests/)."""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config):
    # Nothing a test or an executed notebook saves may land in the real per-user data folder.
    # Kernels started by nbval, papermill and Voila inherit this environment.
    if not os.environ.get("MENTORINGKIT_DATA"):
        os.environ["MENTORINGKIT_DATA"] = tempfile.mkdtemp(prefix="mentoringkit-test-data-")


@pytest.fixture(autouse=True)
def _environment_as_it_was():
    """Each test leaves the process environment as it found it. Code under test may write to os.environ (a
    preheated kernel's request puts Voilà's SERVER_SOFTWARE and QUERY_STRING there, as Voilà itself does), and a
    kernel started later (nbval, papermill, a served page) would inherit it and think it was served."""
    saved = dict(os.environ)
    yield
    if dict(os.environ) != saved:
        os.environ.clear()
        os.environ.update(saved)
