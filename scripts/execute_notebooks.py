"""Run the orientation notebooks and store their outputs in place, with a throwaway data folder.

    python scripts/execute_notebooks.py                 # every notebooks/*.ipynb
    python scripts/execute_notebooks.py notebooks/06_goals.ipynb

Stored outputs are what nbval compares, so runs must be repeatable: the kernel gets an empty, temporary
MENTORINGKIT_DATA (no real workbook can leak into a notebook), cell timings are not recorded, and widget
state is not stored (its model ids are random on every run). Exits non-zero if any notebook fails.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def execute_in_place(path: Path, timeout: int = 120) -> None:
    """Execute one notebook top to bottom in a fresh kernel and save it with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="mentoringkit-nb-") as data:
        previous = os.environ.get("MENTORINGKIT_DATA")
        os.environ["MENTORINGKIT_DATA"] = data  # the kernel inherits this environment
        try:
            client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                    store_widget_state=False, resources={"metadata": {"path": str(path.parent)}})
            client.execute()
        finally:
            if previous is None:
                os.environ.pop("MENTORINGKIT_DATA", None)
            else:
                os.environ["MENTORINGKIT_DATA"] = previous
    nb.metadata.pop("widgets", None)
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--timeout", type=int, default=120, help="seconds allowed per cell (default 120)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    failed = []
    for path in paths:
        started = time.perf_counter()
        try:
            execute_in_place(path, args.timeout)
        except Exception as exc:
            failed.append(path)
            print(f"FAILED {path.name}: {type(exc).__name__}: {str(exc)[-2000:]}", file=sys.stderr)
        else:
            print(f"ok     {path.name} ({time.perf_counter() - started:.1f} s)")
    if failed:
        print(f"{len(failed)} of {len(paths)} notebooks failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
