"""A save killed at any moment leaves a workbook that loads: the old version or the new one, never a mix."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentoringkit.storage import backup_path, load_workbook

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

KILLS = 220
REPO = Path(__file__).resolve().parents[1]

# The writer alternates two versions that differ all through the file (name, every log line),
# and is large enough (~150 kB) that a kill often lands in the middle of writing it.
WRITER = r"""
import datetime as dt, sys
from pathlib import Path
from mentoringkit.storage import save_workbook, load_or_create
from mentoringkit.workbook import LogEntry

path = Path(sys.argv[1])
wb = load_or_create(path)
n = 1 if wb.profile.name == "version A" else 0  # always write the other version next
print("ready", flush=True)
while True:
    version = "A" if n % 2 == 0 else "B"
    wb.profile.name = "version " + version
    wb.log = [LogEntry(id=f"{i:06d}", date=dt.date(2025, 1, 1), activity=f"{version} meeting {i}",
                       notes=version * 200) for i in range(300)]
    save_workbook(wb, path)
    n += 1
"""


def content_version(path: Path) -> str:
    """Which version a file holds, checking that it is all of one version."""
    wb = load_workbook(path)
    if not wb.log:
        assert wb.profile.name == ""
        return "fresh"
    version = wb.profile.name.removeprefix("version ")
    assert version in ("A", "B"), wb.profile.name
    assert len(wb.log) == 300
    assert all(e.activity.startswith(version) and e.notes == version * 200 for e in wb.log)
    return version


def test_sigkill_during_saves_never_leaves_a_broken_workbook(tmp_path: Path) -> None:
    path = tmp_path / "participant.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    rng = random.Random(20250310)
    seen: dict[str, int] = {}
    updates = set()
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, env=env)
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0.0, 0.02))  # a random moment inside the save loop
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            if proc.stdout:
                proc.stdout.close()
        version = content_version(path)
        seen[version] = seen.get(version, 0) + 1
        updates.add(load_workbook(path).updated)
        if backup_path(path).exists():
            content_version(backup_path(path))
    # the kills really did land among saves of both versions, not before the first save
    assert seen.get("A", 0) > 10 and seen.get("B", 0) > 10, seen
    assert len(updates) > 1
    # a killed save may leave its temp file; never a second workbook under another name
    assert {p.name for p in tmp_path.iterdir() if not p.name.startswith(".")} <= {
        "participant.json", "participant.json.bak"}
