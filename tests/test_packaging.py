"""Packaging promises: the wheel carries the curriculum, conda users get the same dependencies,
and CI runs exactly the README's test command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec, maxsplit=1)[0].lower().replace("_", "-")


def _norm(spec: str) -> str:
    return spec.replace(" ", "").lower()


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_norm(s) for s in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    have: set[str] = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            have |= {_norm(s) for s in dep["pip"] if s != "."}
        elif _name(dep) not in {"python", "pip"}:
            have.add(_norm(dep))
    assert have == wanted, (f"only in environment.yml: {sorted(have - wanted)}; "
                            f"only in pyproject: {sorted(wanted - have)}")


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text, flags=re.S)


def test_readme_opens_with_launch_and_test_commands():
    launch, test = _readme_commands()[:2]
    assert "pip install" in launch and "mentoringkit serve" in launch
    assert "pip install" in test and "pytest" in test


def test_ci_runs_the_readme_test_command_verbatim():
    test_command = _readme_commands()[1].strip()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _venv_seeing_this_environment(tmp_path: Path) -> Path:
    """A fresh venv whose own site-packages comes first, followed by this interpreter's (for the dependencies).

    ``--system-site-packages`` would lend the *base* interpreter's packages, not those of a venv the tests
    run in, so a .pth file lends the running environment's instead. Its own .pth files (an editable install of
    this checkout) are not processed from there, so the wheel is what the venv imports.
    """
    import site
    import sysconfig

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    ours = [p for p in dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"],
                                      *site.getsitepackages()]) if Path(p).is_dir()]
    (Path(purelib) / "zz_running_environment.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return py


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_finds_the_curriculum(tmp_path):
    """`pip install .` then use from another folder: content and notebooks come from the wheel."""
    env = {k: v for k, v in os.environ.items() if k not in {"MENTORINGKIT_CONTENT", "PYTHONPATH"}}
    # Built by the running interpreter, which has hatchling (test extra), inside a venv or not.
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(wheels), str(ROOT)], check=True, env=env, cwd=tmp_path)
    (wheel,) = wheels.glob("mentoringkit-*.whl")
    py = _venv_seeing_this_environment(tmp_path)
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, env=env, cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = (
        "import mentoringkit, pathlib\n"
        "cur = mentoringkit.load_curriculum()\n"
        "pkg = pathlib.Path(mentoringkit.__file__).parent\n"
        "print(pkg)\n"
        "print(cur.root)\n"
        "print(len(cur.course.modules), len(cur.skills.skills), len(cur.conversation_starters.starters))\n"
        "print(sorted(p.name for p in (pkg / 'notebooks').glob('*.ipynb'))[0])\n"
        "print((pkg / 'share/jupyter/voila/templates/mentoringkit/index.html.j2').is_file())\n"
    )
    out = subprocess.run([str(py), "-c", script], check=True, capture_output=True, text=True, cwd=elsewhere,
                         env=env).stdout.splitlines()
    pkg, root, counts, first_nb, has_template = out
    assert "site-packages" in pkg and str(ROOT) not in pkg
    assert root.startswith(pkg) and root.endswith("content")
    modules, skills, starters = map(int, counts.split())
    assert modules >= 10 and skills == 18 and starters >= 30
    assert first_nb == "00_start_here.ipynb"
    assert has_template == "True", "the accessible Voila template is missing from the wheel"
