"""Settings for every pytest run, tests/ and notebooks/ alike (nbval collects notebooks outside tests/)."""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config):
    # Nothing a test or an executed notebook saves may land in the real per-user data folder.
    # Kernels started by nbval, papermill and Voila inherit this environment.
    if not os.environ.get("MENTORINGKIT_DATA"):
        os.environ["MENTORINGKIT_DATA"] = tempfile.mkdtemp(prefix="mentoringkit-test-data-")
