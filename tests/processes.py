"""Servers started by the tests as a person starts them: a free port, waiting for a line they print, stopping them."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path


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


def start_lab_and_fetch_a_notebook(command: list[str], data: Path, env: dict[str, str], cwd: Path,
                                   timeout: float = 180) -> dict[str, object]:
    """Run ``mentoringkit lab --no-browser --port N --data-dir DATA`` (``command`` up to ``lab``), wait for its
    address, fetch the start notebook through Lab's contents API with its token, stop it; what was seen."""
    port = free_port()
    proc = subprocess.Popen([*command, "--no-browser", "--port", str(port), "--data-dir", str(data)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                            env=env, cwd=cwd)
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    try:
        token = wait_for_line(proc, rf"http://127\.0\.0\.1:{port}/lab\S*\?token=(\w+)", timeout, lines)
        assert token, f"no Lab address within {timeout} s; exit {proc.poll()}:\n{''.join(lines)[-3000:]}"
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/contents/00_start_here.ipynb",
                                         headers={"Authorization": f"token {token}"})
        # The address is printed a moment before the server accepts connections.
        model, problem = None, None
        while model is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    model = json.load(response)
            except OSError as exc:
                problem = exc
                time.sleep(0.25)
        assert model is not None, f"{problem}; exit {proc.poll()}:\n{''.join(lines)[-3000:]}"
        return {"output": "".join(lines), "model": model}
    finally:
        stop_group(proc)
