"""Servers started by the tests as a person starts them: a free port, waiting for a line they print, stopping them."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import threading


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_line(proc: subprocess.Popen[str], pattern: str, timeout: float, lines: list[str]) -> str | None:
    """Read ``proc``'s output (into ``lines``) until a line matches ``pattern``; its first group (or the line),
    or None once the process ends or ``timeout`` passes. Reading happens in a thread, so a quiet process
    cannot hold the test past its deadline."""
    found: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in proc.stdout:
            lines.append(line)
            match = re.search(pattern, line)
            if match:
                found.put(match.group(1) if match.groups() else line)
                return
        found.put(None)

    threading.Thread(target=read, daemon=True).start()
    try:
        return found.get(timeout=timeout)
    except queue.Empty:
        return None


def stop_group(proc: subprocess.Popen[str]) -> None:
    """Stop a server started with ``start_new_session=True`` and everything it started."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()
