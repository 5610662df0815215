"""Issue 7's "done when": a newcomer's first run on a fresh machine.

A fresh venv (no system site-packages, runtime dependencies from PyPI only, no test extra) runs README command 1
exactly as written, except that the blocking ``serve`` gets ``--no-browser`` and a free ``--port`` and runs in
the background. Chromium then opens the start page until its widgets are drawn; the same venv has
``jupyter lab``, and ``mentoringkit lab --no-browser`` serves a notebook.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from processes import free_port, start_lab_and_fetch_a_notebook, stop_group, wait_for_line

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def readme_command_1() -> str:
    return re.findall(r"```bash\n(.+?)\n```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)[0].strip()


_START_PAGE = textwrap.dedent("""
    import json, sys
    from urllib.parse import urlsplit
    from playwright.sync_api import sync_playwright

    url, chromium = sys.argv[1], sys.argv[2]
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"]
    outside = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        page = browser.new_page()
        page.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).scheme in ("http", "https", "ws",
                "wss") and urlsplit(r.url).hostname not in ("127.0.0.1", "localhost") else None)
        page.set_default_timeout(180_000)  # a kernel starts slowly on 2 busy cores: wait on the widget itself
        page.goto(url, wait_until="commit", timeout=180_000)
        page.get_by_role("button", name="Give me a personal code").wait_for()
        text = page.locator("#rendered_cells").inner_text()
        page.goto("about:blank")
        browser.close()
    print(json.dumps({"text": text, "outside": outside}))
""")


def test_readme_command_1_on_a_fresh_venv_serves_working_pages_and_lab(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's browser with `apt-get install -y chromium`")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "VIRTUAL_ENV", "MENTORINGKIT_CONTENT", "JUPYTER_PATH", "PYTHONHOME"}}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(venv),
               MENTORINGKIT_DATA=str(tmp_path / "data"), PIP_DISABLE_PIP_VERSION_CHECK="1")

    install, serve = readme_command_1().split(" && ")
    assert install == "python -m pip install ." and serve == "python -m mentoringkit serve"
    installed = subprocess.run(["bash", "-c", install], cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=1200)
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-3000:]

    port = free_port()
    proc = subprocess.Popen(["bash", "-c", f"exec {serve} --no-browser --port {port}"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[str] = []
    try:
        ready = wait_for_line(proc, r"The orientation is ready: (\S+)", 300, lines)
        assert ready, f"serve never said it was ready; exit {proc.poll()}:\n{''.join(lines)[-4000:]}"
        threading_drain(proc)
        seen = subprocess.run([sys.executable, "-c", _START_PAGE, ready, str(CHROMIUM)], capture_output=True,
                              text=True, timeout=400)
        assert seen.returncode == 0, seen.stderr[-3000:]
        page = json.loads(seen.stdout.strip().splitlines()[-1])
        assert "New here?" in page["text"] and "Coming back?" in page["text"]
        assert page["outside"] == []
    finally:
        stop_group(proc)

    lab_version = subprocess.run(["bash", "-c", "jupyter lab --version"], env=env, capture_output=True, text=True,
                                 timeout=120)
    assert lab_version.returncode == 0 and re.match(r"4\.", lab_version.stdout), lab_version
    assert Path(subprocess.run(["bash", "-c", "command -v jupyter"], env=env, capture_output=True, text=True,
                               check=True).stdout.strip()).parent == venv / "bin"
    seen_lab = start_lab_and_fetch_a_notebook([str(venv / "bin" / "mentoringkit"), "lab"], tmp_path / "lab-data",
                                              env, tmp_path, timeout=300)
    assert seen_lab["model"]["type"] == "notebook"
    assert f"Your work is saved in: {tmp_path / 'lab-data' / 'my-workbook.json'}" in seen_lab["output"]
    assert subprocess.run(["bash", "-c", "papermill --version"], env=env, capture_output=True,
                          timeout=120).returncode == 0  # the README's batch example needs it


def threading_drain(proc: subprocess.Popen) -> None:
    """Keep reading serve's output so Voilà never blocks on a full pipe."""
    import threading

    threading.Thread(target=proc.stdout.read, daemon=True).start()
