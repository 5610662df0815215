"""What the hub and Binder tests share: skipping (or failing in CI) when the machine lacks something, waiting
for a server to answer, and stopping it."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.orientation_app import browser_required


def require(missing: str | None) -> None:
    """Skip with the reason, or fail when MENTORINGKIT_REQUIRE_BROWSER=1 says these tests must run (CI)."""
    if missing is None:
        return
    if browser_required():
        pytest.fail(missing + "; MENTORINGKIT_REQUIRE_BROWSER=1 says this test must run", pytrace=False)
    pytest.skip(missing)


def wait_until_answers(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Poll ``url`` until it answers 200; fail with the server's log if it exits or takes too long."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{url} never answered:\n{log.read_text(encoding='utf-8', errors='replace')[-4000:]}",
                        pytrace=False)
        time.sleep(0.25)


def stop(proc: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM (a hub stops the servers and proxy it started; a Jupyter Server its kernels), then SIGKILL."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
