"""``mentoringkit serve``: the Voilà command it builds, the clear refusals, and one real start in Chromium."""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from processes import free_port, stop_group

from mentoringkit import serve

CHROMIUM = Path("/usr/bin/chromium")


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    serve.add_arguments(parser)
    return parser.parse_args(argv)


def test_defaults_serve_this_computer_only_with_sources_and_tracebacks_hidden():
    args = parse()
    cmd = serve.voila_command(args, Path("/nb"), python="py")
    assert cmd[:4] == ["py", "-m", "mentoringkit.app.voila_main", "/nb"]
    for flag in ("--no-browser", "--port=8866", "--Voila.ip=127.0.0.1", "--strip_sources=True",
                 "--show_tracebacks=False", "--Voila.port_retries=0",
                 "--MappingKernelManager.cull_idle_timeout=1200", "--MappingKernelManager.cull_connected=False",
                 "--VoilaConfiguration.http_header_envs=Accept-Language"):
        assert flag in cmd
    assert serve.landing_url(args) == "http://127.0.0.1:8866/voila/render/00_start_here.ipynb"


def test_options_reach_the_command_and_the_environment(tmp_path):
    args = parse("--port", "9000", "--ip", "0.0.0.0", "--data-dir", str(tmp_path / "cohort-1"),
                 "--content-dir", str(tmp_path / "mine"), "--cull-idle-minutes", "0", "--no-browser")
    cmd = serve.voila_command(args, Path("/nb"))
    assert "--port=9000" in cmd and "--Voila.ip=0.0.0.0" in cmd
    assert not [c for c in cmd if "cull" in c]
    env = serve.voila_environment(args, {"PATH": "/bin"})
    assert env == {"PATH": "/bin", "MENTORINGKIT_DATA": str(tmp_path / "cohort-1"),
                   "MENTORINGKIT_CONTENT": str(tmp_path / "mine"), "JUPYTER_PATH": str(serve.jupyter_data_dir())}
    assert serve.landing_url(args) == "http://127.0.0.1:9000/voila/render/00_start_here.ipynb"
    assert args.no_browser


def test_ready_kernels_are_kept_for_the_start_page_only_unless_turned_off():
    cmd = serve.voila_command(parse(), Path("/nb"))
    assert "--preheat_kernel=True" in cmd and "--pool_size=1" in cmd
    assert "--pool_size=3" in serve.voila_command(parse("--ready-kernels", "3"), Path("/nb"))
    assert not [c for c in serve.voila_command(parse("--ready-kernels", "0"), Path("/nb")) if "preheat" in c]
    # Every module opens inside the start page's app, so only that page keeps kernels ready. Voilà 0.5 matches
    # its deny-list against each notebook's full path.
    deny = [c.split("=", 1)[1] for c in cmd if c.startswith("--VoilaKernelManager.preheat_denylist=")]
    assert len(deny) == 1
    kept = [n for n in sorted(serve.notebooks_dir().glob("*.ipynb")) if not re.match(deny[0], str(n))]
    assert kept == [serve.notebooks_dir() / serve.LANDING_NOTEBOOK]
    assert re.match(deny[0], "00_start_here.ipynb") is None and re.match(deny[0], "/x/06_goals.ipynb")


def test_ready_kernels_reach_a_server_bound_to_one_address():
    # A ready kernel asks the server for its page request; by default it would knock on 127.0.0.1.
    assert serve.voila_environment(parse("--ip", "192.168.5.20"), {})["VOILA_APP_IP"] == "192.168.5.20"
    assert serve.voila_environment(parse("--ip", "fd00::5"), {})["VOILA_APP_IP"] == "[fd00::5]"
    assert "VOILA_APP_IP" not in serve.voila_environment(parse("--ip", "0.0.0.0"), {})
    assert "VOILA_APP_IP" not in serve.voila_environment(parse("--ip", "192.168.5.20", "--ready-kernels", "0"), {})


def test_negative_ready_kernels_are_refused(capsys):
    assert serve.run(parse("--ready-kernels", "-1", "--no-browser")) == 2
    assert "--ready-kernels must be 0 or more" in capsys.readouterr().err


def test_without_data_dir_the_environment_is_passed_through():
    env = serve.voila_environment(parse(), {"MENTORINGKIT_DATA": "/x"})
    assert env == {"MENTORINGKIT_DATA": "/x", "JUPYTER_PATH": str(serve.jupyter_data_dir())}


def test_the_kit_template_is_used_and_found_first_on_the_jupyter_path():
    cmd = serve.voila_command(parse(), Path("/nb"))
    assert "--template=mentoringkit" in cmd
    shipped = serve.jupyter_data_dir()
    assert (shipped / "voila" / "templates" / "mentoringkit" / "index.html.j2").is_file()
    assert (shipped / "voila" / "templates" / "mentoringkit" / "conf.json").is_file()
    env = serve.voila_environment(parse(), {"JUPYTER_PATH": os.pathsep.join(["/a", str(shipped), "/b"])})
    # Ours first, the others kept in their order, none twice.
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(shipped), "/a", "/b"]


def test_the_packaged_notebooks_include_the_start_page():
    assert (serve.notebooks_dir() / serve.LANDING_NOTEBOOK).is_file()


def test_a_busy_port_is_refused_with_advice(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert serve.run(parse("--port", str(port), "--no-browser")) == 2
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is already in use" in err and f"--port {port + 1}" in err


def test_a_broken_curriculum_stops_the_start(tmp_path, capsys):
    (tmp_path / "course.yml").write_text("title: [unclosed\n", encoding="utf-8")
    assert serve.run(parse("--port", str(free_port()), "--content-dir", str(tmp_path), "--no-browser")) == 2
    err = capsys.readouterr().err
    assert "the curriculum has a problem" in err and "course.yml" in err and "not valid YAML" in err


def _start_voila(args: argparse.Namespace, notebooks: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    proc = subprocess.Popen(serve.voila_command(args, notebooks), env=serve.voila_environment(args, env),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    threading.Thread(target=proc.stdout.read, daemon=True).start()  # drain Voilà's log so it never blocks
    return proc


@pytest.mark.slow
def test_first_visit_renders_the_start_page_and_shuts_its_kernel_down(tmp_path):
    port = free_port()
    args = parse("--port", str(port), "--ready-kernels", "0", "--data-dir", str(tmp_path / "data"))
    proc = _start_voila(args, serve.notebooks_dir())
    base = f"http://127.0.0.1:{port}"
    try:
        assert serve._wait_until_up(base, proc, timeout=120)
        visit = serve.first_visit(base)
        assert visit.problem is None and visit.kernel_id and visit.kernel_shut_down, visit
        # The kernel is gone, so a check at every start leaves nothing running.
        with pytest.raises(urllib.error.HTTPError) as gone:
            urllib.request.urlopen(f"{base}/api/kernels/{visit.kernel_id}", timeout=30)
        assert gone.value.code == 404
    finally:
        stop_group(proc)


@pytest.mark.slow
def test_a_start_page_that_fails_is_reported_and_not_called_ready(tmp_path):
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "c1", "metadata": {}, "outputs": [],
                     "source": "raise RuntimeError('the page is broken')"}],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    (notebooks / serve.LANDING_NOTEBOOK).write_text(json.dumps(nb), encoding="utf-8")
    port = free_port()
    proc = _start_voila(parse("--port", str(port), "--ready-kernels", "0"), notebooks)
    base = f"http://127.0.0.1:{port}"
    try:
        assert serve._wait_until_up(base, proc, timeout=120)
        visit = serve.first_visit(base)
        assert visit.problem is not None and "stopped with an error" in visit.problem
        assert visit.kernel_shut_down
    finally:
        stop_group(proc)


@pytest.mark.slow
def test_without_a_python_kernel_serve_says_how_to_install_one_and_exits_non_zero(tmp_path):
    """As on a fresh machine before issue 7: Voilà installed, ipykernel not. The venv's own share/jupyter
    has no kernel spec, and a stand-in makes `import ipykernel` fail as it does when it is missing."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True)
    hide = tmp_path / "hide"
    (hide / "ipykernel").mkdir(parents=True)
    (hide / "ipykernel" / "__init__.py").write_text("raise ImportError('ipykernel is not installed')\n")
    # Voilà's templates live in the base Python's share/jupyter, beside its kernel spec: lend only the templates.
    shared = tmp_path / "share-jupyter"
    shared.mkdir()
    base_share = Path(sys.prefix) / "share" / "jupyter"
    for name in ("voila", "nbconvert", "labextensions"):
        (shared / name).symlink_to(base_share / name)
    env = {k: v for k, v in os.environ.items() if k not in {"MENTORINGKIT_CONTENT"}}
    env["JUPYTER_PATH"] = str(shared)
    env["PYTHONPATH"] = os.pathsep.join([str(hide), str(Path(serve.__file__).resolve().parents[1])])
    result = subprocess.run([str(venv / "bin" / "python"), "-m", "mentoringkit", "serve", "--no-browser",
                             "--port", str(free_port()), "--ready-kernels", "0", "--data-dir", str(tmp_path / "d")],
                            capture_output=True, text=True, timeout=240, env=env, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "The orientation is ready" not in result.stdout
    assert "No Jupyter kernel for Python is installed" in result.stderr
    assert "-m pip install ipykernel" in result.stderr
    assert "Traceback" not in result.stderr.split("the orientation is not ready")[-1]


# What a participant does in the browser, run in a child process so this test's Playwright cannot clash
# with a Playwright session another suite keeps open in the pytest process.
_BROWSER_SCRIPT = textwrap.dedent("""
    import json, sys
    from playwright.sync_api import sync_playwright

    base, chromium, shot = sys.argv[1], sys.argv[2], sys.argv[3]
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"]
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.set_default_timeout(120_000)  # kernels start slowly when the machine is busy
        page.set_default_navigation_timeout(120_000)
        page.goto(base + "/voila/render/00_start_here.ipynb")
        page.get_by_role("textbox", name="Your personal code").fill("kite-2222-3333-4444")
        page.get_by_role("button", name="Open my workbook").click()
        out["wrong_code"] = page.get_by_role("alert").filter(has_text="No workbook is saved").inner_text()
        page.get_by_role("button", name="Give me a personal code").click()
        out["code"] = page.locator(".mk-code").inner_text().strip()
        name = page.get_by_role("textbox", name="Your name")
        name.fill("Ana Example")
        name.press("Tab")
        page.get_by_role("radio", name="I will be a mentee").check()
        page.get_by_text("Chosen: I will be a mentee").wait_for()
        page.screenshot(path=shot, full_page=True)
        page.goto("about:blank")
        page.goto(base + "/voila/render/00_start_here.ipynb?code=" + out["code"])
        name = page.get_by_role("textbox", name="Your name")
        name.wait_for()
        out["name_after_reload"] = name.input_value()
        out["mentee_checked"] = page.get_by_role("radio", name="I will be a mentee").is_checked()
        out["module_link"] = page.get_by_role("link", name="Ending well").get_attribute("href")
        page.goto("about:blank")
        # Someone else, arriving without a code, gets a kernel of their own: nothing of Ana's shows.
        stranger = browser.new_page()
        stranger.set_default_timeout(120_000)
        stranger.goto(base + "/voila/render/00_start_here.ipynb", timeout=120_000)
        stranger.get_by_role("button", name="Give me a personal code").wait_for()
        out["stranger_sees"] = stranger.locator("body").inner_text()
        stranger.goto("about:blank")
        browser.close()
    print(json.dumps(out))
""")


@pytest.mark.browser
@pytest.mark.slow
def test_serve_starts_voila_and_a_participant_gets_their_work_back(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's browser with `apt-get install -y chromium`")
    port = free_port()
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mentoringkit.serve", "--no-browser", "--port", str(port), "--data-dir", str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env={k: v for k, v in os.environ.items() if k != "MENTORINGKIT_CONTENT"})
    try:
        ready = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            line = proc.stdout.readline()
            if "The orientation is ready:" in line:
                ready = line
                break
        url = f"http://127.0.0.1:{port}/voila/render/00_start_here.ipynb"
        assert url in ready, f"serve did not report {url}; exit code {proc.poll()}"
        with urllib.request.urlopen(url, timeout=60) as response:  # rendered server-side
            page = response.read().decode("utf-8")
        # Code cells are stripped; the start page arrives as a widget over the kernel's websocket.
        assert "open_session" not in page and "application/vnd.jupyter.widget-view+json" in page
        assert "<main>" in page and "role', 'radiogroup'" in page  # the kit's template frames the page

        shot = tmp_path / "start_page.png"
        result = subprocess.run([sys.executable, "-c", _BROWSER_SCRIPT, f"http://127.0.0.1:{port}",
                                 str(CHROMIUM), str(shot)], capture_output=True, text=True, timeout=240)
        assert result.returncode == 0, result.stderr[-3000:]
        seen = json.loads(result.stdout.strip().splitlines()[-1])
        assert "No workbook is saved under the code kite-2222-3333-4444" in seen["wrong_code"]
        code = seen["code"]
        assert seen["name_after_reload"] == "Ana Example" and seen["mentee_checked"]
        assert seen["module_link"] == f"00_start_here.ipynb?module=ending-well&code={code}"
        assert "Ana Example" not in seen["stranger_sees"] and code not in seen["stranger_sees"]
        saved = json.loads((data / "workbooks" / f"{code}.json").read_text(encoding="utf-8"))
        assert saved["profile"]["name"] == "Ana Example" and saved["profile"]["role"] == "mentee"
        assert [p.name for p in (data / "workbooks").glob("*.json")] == [f"{code}.json"]  # the wrong code made nothing
        assert shot.stat().st_size > 10_000
    finally:
        stop_group(proc)


def test_voila_waits_for_a_busy_kernels_output_instead_of_drawing_a_page_without_widgets():
    """The executor Voilà builds for a page gets serve's output wait: Voilà parses serve's own flags here, so a
    misspelt class or option (which traitlets would ignore) fails."""
    from voila.app import Voila
    from voila.execute import VoilaExecutor

    cmd = serve.voila_command(parse(), Path("/nb"))
    flags = [c for c in cmd if c.startswith("--VoilaExecutor.")]
    assert flags == [f"--VoilaExecutor.iopub_timeout={serve.IOPUB_WAIT_SECONDS}"]
    app = Voila()
    app.parse_command_line(flags)
    assert VoilaExecutor(nbformat_v4_empty(), config=app.config).iopub_timeout == serve.IOPUB_WAIT_SECONDS >= 60
    assert VoilaExecutor(nbformat_v4_empty()).iopub_timeout == 4  # what Voilà would wait without it


def nbformat_v4_empty():
    import nbformat

    return nbformat.v4.new_notebook()
