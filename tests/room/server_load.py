"""What a running server costs, read from /proc: its process tree (serve, Voilà, every kernel), CPU-seconds,
memory, and how many kernels it holds. Voilà serves no list of kernels (``GET /api/kernels`` is 404), so
kernels are counted as the tree's ``ipykernel_launcher`` processes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Memory", "cpu_seconds", "kernel_count", "memory", "process_tree", "wait_until_settled"]

_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    task = Path(f"/proc/{pid}/task")
    try:
        for thread in task.iterdir():
            text = (thread / "children").read_text()
            found += [int(c) for c in text.split()]
    except OSError:
        return []
    return found


def process_tree(root: int) -> list[int]:
    """``root`` and every process below it that is alive now."""
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        if Path(f"/proc/{pid}").exists():
            tree.append(pid)
            todo += _children(pid)
    return tree


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # fields from "state" on; the name may hold spaces


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) of the tree so far, including its children that have exited and were waited for
    (a shut-down kernel's time moves into Voilà's ``cutime``, so the sum never goes backwards)."""
    total = 0
    for pid in process_tree(root):
        fields = _stat(pid)
        if fields:  # utime, stime, cutime, cstime are fields 14-17 of stat, 12-15 counted from "state"
            total += sum(int(v) for v in fields[11:15])
    return total / _TICKS


@dataclass(frozen=True)
class Memory:
    rss: int  # bytes, resident set sizes summed (shared pages counted in every process)
    pss: int  # bytes, proportional set sizes summed (shared pages split between their users)
    processes: int


def memory(root: int, *, proportional: bool = True) -> Memory:
    """The tree's memory now. Reading PSS makes the kernel walk every process's page tables (about 2 ms of
    CPU per process); ``proportional=False`` reads only RSS, from ``statm``, at a fraction of that (pss is 0)."""
    rss = pss = count = 0
    for pid in process_tree(root):
        if not proportional:
            try:
                rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
            except (OSError, ValueError, IndexError):
                continue
            count += 1
            continue
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                name, _, value = line.partition(":")
                if name == "Rss":
                    rss += int(value.split()[0]) * 1024
                elif name == "Pss":
                    pss += int(value.split()[0]) * 1024
        except (OSError, ValueError):
            continue
        count += 1
    return Memory(rss, pss, count)


def kernel_count(root: int) -> int:
    """How many kernels the server runs now."""
    count = 0
    for pid in process_tree(root):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"ipykernel_launcher" in cmdline:
            count += 1
    return count



def wait_until_settled(root: int, timeout: float = 180, quiet_seconds: float = 5) -> int:
    """Wait until the server is idle (the same number of kernels and under 0.2 CPU-seconds used per second for
    ``quiet_seconds``); returns that kernel count, the room's idle level. TimeoutError if it never settles."""
    import time

    deadline = time.monotonic() + timeout
    last_count, last_cpu, quiet_since = -1, cpu_seconds(root), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(1)
        count, cpu = kernel_count(root), cpu_seconds(root)
        if count != last_count or cpu - last_cpu > 0.2:
            quiet_since = time.monotonic()
        last_count, last_cpu = count, cpu
        if time.monotonic() - quiet_since >= quiet_seconds:
            return count
    raise TimeoutError(f"the server did not settle within {timeout:.0f} s ({last_count} kernels)")
