"""The Binder launch, short of Binder itself: binder/postBuild runs in an environment where Voilà and Jupyter
Server are installed (the hub test's venv, tests/hub/kit_env.py, built from the same runtime dependencies as
binder/environment.yml), then a Jupyter Server on a copy-free checkout opens the README's Binder ``urlpath``
in Chromium: the start page, drawn with the kit's template, code hidden, no error.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.browser.orientation_app import (
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    page_problems,
    wait_for_app,
)
from tests.hub import kit_env
from tests.hub.harness import require, stop, wait_until_answers

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]


def _binder_urlpath() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    link = re.search(r"https://mybinder\.org/v2/gh/[^\s)`>\"]+", readme).group(0)
    return urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["urlpath"][0]


@pytest.fixture(scope="module")
def binder_server():
    missing = None
    if not kit_env.is_ready():
        missing = f"the venv of tests/hub/kit_env.py is not prepared: python {Path(kit_env.__file__).relative_to(ROOT)}"
    elif not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing: apt-get install -y chromium"
    require(missing)
    venv_bin = kit_env.python().parent
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MENTORINGKIT_", "JUPYTER", "PYTHON", "VOILA"))}
    env["PATH"] = f"{venv_bin}{os.pathsep}{env.get('PATH', '')}"
    # Offline: the dependencies are in the venv already, hatchling included (Binder would fetch it).
    subprocess.run(["bash", str(ROOT / "binder" / "postBuild")], cwd=ROOT, check=True, capture_output=True,
                   env={**env, "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0"})
    subprocess.run(["chmod", "-R", "a+rX", str(kit_env.venv_dir())], check=True)
    port, token = free_port(), secrets.token_hex(16)
    log = ROOT / "test-results" / "binder-server.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("wb") as out:
        # Binder starts the server in the repository; it runs as an ordinary user there, as root here.
        proc = subprocess.Popen([str(kit_env.python()), "-m", "jupyter_server", "--no-browser", "--allow-root",
                                 "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                                 f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(f"{base}/api/status?token={token}", proc, log)
        yield base, token
    finally:
        stop(proc)


def test_the_readme_binder_link_opens_the_start_page_with_the_kits_template(binder_server, playwright_driver):
    base, token = binder_server
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        page = browser.new_page()
        page.goto(f"{base}/{_binder_urlpath()}?token={token}")
        wait_for_app(page)
        assert page_problems(page) == []
        assert page.locator("main").count() == 1  # the kit's template, found through postBuild's link
        body = page.inner_text("body")
        assert "The modules" in body and "open_session" not in body  # the start page, code cells hidden
        page.goto("about:blank")
    finally:
        browser.close()
