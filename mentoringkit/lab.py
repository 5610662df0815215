"""``mentoringkit lab``: the module notebooks in JupyterLab for self-study, saving into one's own workbook.

The packaged notebooks may sit in a read-only site-packages, so they are copied once into the person's data
folder, where they can be run, edited and saved; a copy already there is never overwritten.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = [
    "NOTEBOOKS_FOLDER",
    "add_arguments",
    "copy_notebooks",
    "lab_command",
    "lab_environment",
    "run",
    "workbook_file",
]

#: Where in the data folder the self-study copies of the notebooks go.
NOTEBOOKS_FOLDER = "notebooks"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``mentoringkit lab``."""
    parser.add_argument("--port", type=int, default=None,
                        help="port for JupyterLab (default: 8888, or the next free one)")
    parser.add_argument("--no-browser", action="store_true",
                        help="print the address instead of opening it in a browser")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="folder for your workbook and your copy of the notebooks (default: "
                             "$MENTORINGKIT_DATA, else your per-user data folder)")
    parser.add_argument("--content-dir", type=Path, default=None,
                        help="your own copy of the curriculum (default: $MENTORINGKIT_CONTENT, else the shipped one)")


def data_folder(args: argparse.Namespace) -> Path:
    """The data folder these options choose, as an absolute path."""
    if args.data_dir is not None:
        return Path(args.data_dir).expanduser().resolve()
    from mentoringkit.storage import default_data_dir

    return default_data_dir().expanduser().resolve()


def workbook_file(data: Path) -> Path:
    """The workbook the notebooks save into when run in one's own Jupyter."""
    from mentoringkit.session import OWN_WORKBOOK_NAME

    return data / OWN_WORKBOOK_NAME


def copy_notebooks(source: Path, target: Path) -> tuple[list[str], list[str]]:
    """Copy every ``*.ipynb`` of ``source`` into ``target`` unless a file of that name is there already.

    Returns the names copied and the names kept as they were (the person's own, possibly edited, copies).
    """
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    copied, kept = [], []
    for notebook in sorted(source.glob("*.ipynb")):
        destination = target / notebook.name
        if destination.exists() or destination.is_symlink():
            kept.append(notebook.name)
            continue
        shutil.copyfile(notebook, destination)
        copied.append(notebook.name)
    return copied, kept


def lab_command(args: argparse.Namespace, folder: Path, python: str = sys.executable) -> list[str]:
    """The JupyterLab command line: rooted at ``folder``, opening the start notebook (no shell involved)."""
    from mentoringkit.serve import LANDING_NOTEBOOK

    cmd = [python, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}",
           f"--LabApp.default_url=/lab/tree/{LANDING_NOTEBOOK}", "--ServerApp.ip=127.0.0.1"]
    if args.port is not None:
        cmd += [f"--ServerApp.port={args.port}", "--ServerApp.port_retries=0"]
    if args.no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Containers and CI run as root; Lab would refuse to start. It still listens on this computer only,
        # behind its token.
        cmd.append("--allow-root")
    return cmd


def lab_environment(args: argparse.Namespace, data: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for JupyterLab and its kernels: the data folder (and curriculum) fixed for all of them."""
    env = dict(os.environ if base is None else base)
    env["MENTORINGKIT_DATA"] = str(data)
    if args.content_dir is not None:
        env["MENTORINGKIT_CONTENT"] = str(Path(args.content_dir).expanduser().resolve())
    return env


def run(args: argparse.Namespace) -> int:
    """Copy the notebooks if needed, say where the work is saved, and run JupyterLab until it stops."""
    import importlib.util

    from mentoringkit.serve import LANDING_NOTEBOOK, notebooks_dir, stop_process

    if args.port is not None and not 0 < args.port < 65536:
        print(f"mentoringkit: --port must be between 1 and 65535, got {args.port}.", file=sys.stderr)
        return 2
    if importlib.util.find_spec("jupyterlab") is None:
        print("mentoringkit: JupyterLab is not installed in this Python; install it with "
              f"`{Path(sys.executable).name} -m pip install jupyterlab`.", file=sys.stderr)
        return 1
    source = notebooks_dir()
    if not (source / LANDING_NOTEBOOK).is_file():
        print(f"mentoringkit: cannot find the module notebooks (looked for {source / LANDING_NOTEBOOK}); "
              "reinstall mentoringkit.", file=sys.stderr)
        return 2
    data = data_folder(args)
    folder = data / NOTEBOOKS_FOLDER
    try:
        data.mkdir(parents=True, exist_ok=True, mode=0o700)
        copied, kept = copy_notebooks(source, folder)
    except OSError as exc:
        print(f"mentoringkit: cannot set up the notebooks in {folder}: {exc.strerror or exc}. "
              "Choose another folder with --data-dir.", file=sys.stderr)
        return 1
    print(f"Your notebooks: {folder}", flush=True)
    if copied and kept:
        print(f"  (added {len(copied)} new; your {len(kept)} existing copies were kept as they are)")
    elif kept:
        print("  (your existing copies, kept as they are; delete one to get the original back)")
    print(f"Your work is saved in: {workbook_file(data)}", flush=True)
    print("Starting JupyterLab; it prints its address below. Press Ctrl+C twice here to stop it.\n", flush=True)

    import contextlib
    import signal

    with contextlib.suppress(ValueError):  # not the main thread: nothing to install
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    proc = subprocess.Popen(lab_command(args, folder), env=lab_environment(args, data))
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:
                continue  # JupyterLab got the Ctrl+C too: it asks, or stops on the second one
    finally:
        stop_process(proc)
