"""``mentoringkit lab``: self-study copies of the notebooks, the data folder set for every kernel, and a real
JupyterLab serving a notebook."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from processes import start_lab_and_fetch_a_notebook

from mentoringkit import lab
from mentoringkit.serve import notebooks_dir

REPO = Path(__file__).resolve().parents[1]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    lab.add_arguments(parser)
    return parser.parse_args(argv)


def test_notebooks_are_copied_once_and_edits_are_never_overwritten(tmp_path):
    target = tmp_path / "data" / "notebooks"
    copied, kept = lab.copy_notebooks(notebooks_dir(), target)
    shipped = sorted(p.name for p in notebooks_dir().glob("*.ipynb"))
    assert copied == shipped and kept == [] and len(shipped) >= 10
    assert (target / "06_goals.ipynb").read_bytes() == (notebooks_dir() / "06_goals.ipynb").read_bytes()
    (target / "06_goals.ipynb").write_text("my edits", encoding="utf-8")
    (target / "07_agreement.ipynb").unlink()
    copied, kept = lab.copy_notebooks(notebooks_dir(), target)
    assert copied == ["07_agreement.ipynb"] and "06_goals.ipynb" in kept
    assert (target / "06_goals.ipynb").read_text(encoding="utf-8") == "my edits"


def test_command_opens_the_start_notebook_in_the_copied_folder(tmp_path):
    cmd = lab.lab_command(parse("--port", "9123", "--no-browser"), tmp_path, python="py")
    assert cmd[:3] == ["py", "-m", "jupyterlab"]
    for flag in (f"--ServerApp.root_dir={tmp_path}", "--LabApp.default_url=/lab/tree/00_start_here.ipynb",
                 "--ServerApp.ip=127.0.0.1", "--ServerApp.port=9123", "--ServerApp.port_retries=0",
                 "--no-browser"):
        assert flag in cmd
    default = lab.lab_command(parse(), tmp_path, python="py")
    assert "--no-browser" not in default and not [c for c in default if "port" in c]
    assert ("--allow-root" in default) == (os.geteuid() == 0)
    assert not [c for c in default if "token" in c or "password" in c]  # Lab's own token stays on


def test_every_kernel_gets_the_data_folder(tmp_path):
    env = lab.lab_environment(parse("--content-dir", str(tmp_path / "mine")), tmp_path / "d", {"PATH": "/bin"})
    assert env == {"PATH": "/bin", "MENTORINGKIT_DATA": str(tmp_path / "d"),
                   "MENTORINGKIT_CONTENT": str(tmp_path / "mine")}


def test_a_bad_port_is_refused_before_anything_is_copied(tmp_path, capsys):
    assert lab.run(parse("--port", "70000", "--data-dir", str(tmp_path / "d"))) == 2
    assert "--port must be between 1 and 65535" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_an_unusable_data_folder_is_a_clear_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mentoringkit", "lab", "--no-browser", "--data-dir",
                             str(blocker / "sub")], capture_output=True, text=True, timeout=60, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"cannot set up the notebooks in {blocker / 'sub' / 'notebooks'}" in result.stderr


@pytest.mark.slow
def test_lab_serves_the_copied_start_notebook_and_says_where_work_is_saved(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    seen = start_lab_and_fetch_a_notebook([sys.executable, "-m", "mentoringkit", "lab"], data, env, REPO)
    assert f"Your work is saved in: {data / 'my-workbook.json'}" in seen["output"]
    assert f"Your notebooks: {data / 'notebooks'}" in seen["output"]
    model = seen["model"]
    assert model["type"] == "notebook" and model["writable"] is True
    first = "".join(model["content"]["cells"][0]["source"])
    assert "mentoringkit lab" in first and "my-workbook.json" in first
    assert oct((data / "notebooks").stat().st_mode & 0o777) == "0o700"
