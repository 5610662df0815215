"""An exclusive lock per workbook file, held while a save reads, merges and writes it.

Every kernel (tab, module page, partner) that writes a document takes the same lock, so a read, merge and write
never interleaves with another. The lock lives in a small file beside the document (``.<name>.lock``);
the document itself is only ever replaced by an atomic rename, never locked or written in place.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LockTimeout", "locked"]


class LockTimeout(OSError):
    """Another writer held the lock for longer than a save may wait."""


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the exclusive lock of the document at ``path`` for the ``with`` block.

    The lock file is opened without following links (a planted symlink cannot redirect it) and created
    private (0600), or 0660 in the shared folder for pairs, where the partner's account takes the same lock.
    Waits up to ``timeout`` seconds, then raises LockTimeout. A process that dies holding
    the lock releases it with its file descriptor, so a killed kernel never blocks the others.
    """
    from mentoringkit.store.shared import file_mode, share_open_file

    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    where = lock_path(path)
    mode = file_mode(where)
    fd = os.open(where, flags, mode)
    try:
        share_open_file(fd, mode)
        _acquire(fd, timeout)
        try:
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _acquire(fd: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise LockTimeout("another page is still saving this workbook") from None
                time.sleep(0.02)

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _acquire(fd: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockTimeout("another page is still saving this workbook") from None
                time.sleep(0.005)

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
