"""The trainer key: a random secret kept in the data folder that opens the trainer's pages and notes.

``mentoringkit serve`` makes it on first start and prints the trainer's address with it. Pages compare a
``?key=`` against it in constant time; without the file (or with an empty key) nothing matches.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

__all__ = ["KEY_BYTES", "ensure_trainer_key", "key_is_valid", "trainer_key_path"]

#: 16 random bytes: 128 bits, far beyond guessing over HTTP.
KEY_BYTES = 16


def trainer_key_path(data_dir: Path | None = None) -> Path:
    from mentoringkit.storage import default_data_dir

    return (Path(data_dir) if data_dir is not None else default_data_dir()) / "trainer" / "key"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def ensure_trainer_key(data_dir: Path | None = None) -> str:
    """The trainer key for this data folder, made (readable by this user only) if there is none yet."""
    path = trainer_key_path(data_dir)
    key = _read(path)
    if len(key) >= 16:
        return key
    from mentoringkit.storage import make_private_dir

    make_private_dir(path.parent)
    key = secrets.token_urlsafe(KEY_BYTES)
    tmp = path.with_name(f".key.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key + "\n")
    tmp.replace(path)
    return key


def key_is_valid(candidate: str, data_dir: Path | None = None) -> bool:
    """Whether ``candidate`` is this data folder's trainer key (False when there is no key yet)."""
    if not isinstance(candidate, str) or not candidate.strip():
        return False
    key = _read(trainer_key_path(data_dir))
    return len(key) >= 16 and hmac.compare_digest(candidate.strip().encode("utf-8"), key.encode("ascii"))
