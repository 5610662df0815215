"""The Python environment the hub test's users run: a venv from Debian's /usr/bin/python3 in a folder every
user can read (the kit's own environment under /root is not), with the kit's runtime dependencies and
JupyterHub. ``.ci/run`` prepares it (``python tests/hub/kit_env.py``); tests/hub/test_hub.py only installs
the checkout under test into it, offline (``pip install --no-deps --no-index``, about a second).

The venv's folder is named after a hash of what goes into it, so later runs on the same machine reuse it
and a change of dependencies makes a fresh one. About 30 s to build with a warm pip cache.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]
BASE_PYTHON = Path("/usr/bin/python3")
#: Where the venvs live unless MENTORINGKIT_HUB_ENV_DIR says otherwise; world-readable, kept between runs.
DEFAULT_PARENT = Path("/var/tmp/mentoringkit-hub-env")
_EXTRA = ("jupyterhub", "ipykernel", "hatchling")  # the single-user server, its kernels, building the kit offline


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[;]", spec, maxsplit=1)[0].lower()


def requirements() -> list[str]:
    """The kit's runtime dependencies, plus JupyterHub, ipykernel and hatchling as pyproject pins them (in the
    runtime dependencies or the test extra)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = project["dependencies"]
    extra = [spec for spec in project["optional-dependencies"]["test"]
             if _name(spec) in _EXTRA and _name(spec) not in {_name(r) for r in runtime}]
    missing = set(_EXTRA) - {_name(spec) for spec in [*runtime, *extra]}
    if missing:
        raise SystemExit(f"pyproject pins none of {sorted(missing)}, which the hub test's users need")
    return [*runtime, *extra]


def venv_dir() -> Path:
    parent = Path(os.environ.get("MENTORINGKIT_HUB_ENV_DIR") or DEFAULT_PARENT)
    key = hashlib.sha256("\n".join([str(BASE_PYTHON), *requirements()]).encode()).hexdigest()[:12]
    return parent / f"venv-{key}"


def python() -> Path:
    return venv_dir() / "bin" / "python"


def is_ready() -> bool:
    return (venv_dir() / "ready").is_file()


def prepare() -> Path:
    """Build the venv unless one with the same contents is there; returns its python."""
    target = venv_dir()
    if is_ready():
        return python()
    if not BASE_PYTHON.is_file():
        raise SystemExit(f"{BASE_PYTHON} is missing: apt-get install -y python3 python3-venv")
    shutil.rmtree(target, ignore_errors=True)  # a half-built one from an interrupted run
    target.parent.mkdir(parents=True, exist_ok=True)
    target.parent.chmod(0o755)
    subprocess.run([str(BASE_PYTHON), "-m", "venv", str(target)], check=True)
    subprocess.run([str(python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    *requirements()], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(target)], check=True)
    (target / "ready").write_text("\n".join(requirements()) + "\n", encoding="utf-8")
    return python()


def install_checkout() -> None:
    """Put this checkout's kit into the venv, offline and without touching the dependencies."""
    subprocess.run([str(python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--no-index", "--no-build-isolation", "--force-reinstall", str(ROOT)],
                   check=True, cwd="/", capture_output=True)
    subprocess.run(["chmod", "-R", "a+rX", str(venv_dir())], check=True)


if __name__ == "__main__":
    print(prepare())
    sys.exit(0)
