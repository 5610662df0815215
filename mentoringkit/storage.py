"""Keeping a participant's workbook safe on disk: atomic saves, a last good copy, clear load errors.

A save never leaves a half-written file behind, never overwrites a file it cannot read (so a
damaged or newer workbook is not lost), and keeps the previous good version as ``<name>.bak``.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from mentoringkit.parsing import DataError
from mentoringkit.workbook import Profile, Workbook, WorkbookVersionError

__all__ = [
    "DATA_ENV",
    "WorkbookDataError",
    "WorkbookFileError",
    "WorkbookStore",
    "backup_path",
    "default_data_dir",
    "load_or_create",
    "load_workbook",
    "restore_backup",
    "save_workbook",
    "workbook_bytes",
    "workbook_from_bytes",
]

#: Environment variable that points the kit at the folder where workbooks are kept.
DATA_ENV = "MENTORINGKIT_DATA"

Problem = Literal["missing", "unreadable", "empty", "truncated", "corrupt", "newer", "shape"]

# Temp files left by a save that was killed are cleared once they are clearly abandoned.
_STALE_TEMP_SECONDS = 120


def default_data_dir() -> Path:
    """Where the kit keeps its data: $MENTORINGKIT_DATA, else the platform's per-user data folder."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # imported here: only storage needs it, and import mentoringkit must stay cheap

    return Path(platformdirs.user_data_dir("mentoringkit", appauthor=False))


def backup_path(path: Path) -> Path:
    """The last good copy kept next to a workbook file."""
    path = Path(path)
    return path.with_name(path.name + ".bak")


class WorkbookFileError(Exception):
    """A workbook file that cannot be used. The message names the file, says what is wrong and
    whether a previous good copy (``backup``) can be restored instead."""

    def __init__(self, path: Path, problem: Problem, detail: str, backup: Path | None = None,
                 backup_saved: str = ""):
        self.path = Path(path)
        self.problem: Problem = problem
        self.detail = detail
        self.backup = backup
        message = f"{self.path}: {detail}"
        if problem not in ("missing",):
            message += " The file has been left as it is."
        if backup is not None:
            when = f", last saved {backup_saved}" if backup_saved else ""
            message += (f" A previous good copy ({backup.name}{when}) loads; restore it to carry on "
                        f"from that version.")
        self.message = message
        super().__init__(message)


# ---------------------------------------------------------------------------
# Loading


class WorkbookDataError(ValueError):
    """Text or bytes that are not a usable workbook; ``problem`` says which way."""

    def __init__(self, problem: Problem, detail: str):
        self.problem: Problem = problem
        self.detail = detail
        super().__init__(detail)


def workbook_from_bytes(raw: bytes | str) -> Workbook:
    """Parse a workbook document (as saved or exported), raising WorkbookDataError on any problem."""
    if isinstance(raw, str):
        text = raw
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise WorkbookDataError("corrupt", f"not UTF-8 text (bad byte at offset {exc.start}); "
                                               "the file is damaged or is not a workbook.") from None
    if not text.strip():
        raise WorkbookDataError("empty", f"the file is empty ({len(raw)} bytes); it holds no workbook.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise WorkbookDataError("truncated", f"the JSON stops early at line {exc.lineno}, column {exc.colno} "
                                                 f"({exc.msg}); the file looks cut off.") from None
        raise WorkbookDataError("corrupt",
                                f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}.") from None
    except RecursionError:
        raise WorkbookDataError("corrupt", "the JSON is nested too deeply to be a workbook.") from None
    try:
        return Workbook.from_dict(data)
    except WorkbookVersionError as exc:
        raise WorkbookDataError("newer", exc.message[:1].upper() + exc.message[1:] + ".") from None
    except DataError as exc:
        raise WorkbookDataError("shape", f"not a workbook of the expected shape: {exc}.") from None
    except RecursionError:
        raise WorkbookDataError("corrupt", "the JSON is nested too deeply to be a workbook.") from None


def _parse(path: Path) -> Workbook:
    """Read and check one file, raising WorkbookFileError (without a backup offer) on any problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise WorkbookFileError(path, "missing", "no workbook file here.") from None
    except IsADirectoryError:
        raise WorkbookFileError(path, "unreadable", "this is a folder, not a workbook file.") from None
    except OSError as exc:
        raise WorkbookFileError(path, "unreadable", f"cannot be read ({exc.strerror or exc}).") from None
    try:
        return workbook_from_bytes(raw)
    except WorkbookDataError as exc:
        raise WorkbookFileError(path, exc.problem, exc.detail) from None


def load_workbook(path: Path) -> Workbook:
    """Load a workbook, or raise WorkbookFileError saying what is wrong and offering a good backup."""
    path = Path(path)
    try:
        return _parse(path)
    except WorkbookFileError as exc:
        if exc.problem == "missing":
            raise
        bak = backup_path(path)
        try:
            good = _parse(bak)
        except WorkbookFileError:
            raise exc from None
        raise WorkbookFileError(path, exc.problem, exc.detail, bak,
                                good.updated.strftime("%Y-%m-%d %H:%M UTC")) from None


def load_or_create(path: Path, **profile_fields: Any) -> Workbook:
    """Load the workbook at ``path``; if there is none yet, start one with these profile fields and save it."""
    path = Path(path)
    try:
        return load_workbook(path)
    except WorkbookFileError as exc:
        if exc.problem != "missing":
            raise
    workbook = Workbook(profile=Profile(**profile_fields))
    save_workbook(workbook, path)
    return workbook


def restore_backup(path: Path) -> Workbook:
    """Put the last good copy back in place of a damaged workbook and return it.

    The damaged file is not deleted: it is kept beside it as ``<name>.unreadable-<time>`` so nothing
    the participant had is lost, even if the damage turns out to be repairable by hand.
    """
    path = Path(path)
    bak = backup_path(path)
    workbook = _parse(bak)  # raises WorkbookFileError naming the backup if it is unusable too
    if path.exists():
        stamp = time.strftime("%Y%m%d-%H%M%S")
        kept = path.with_name(f"{path.name}.unreadable-{stamp}")
        n = 1
        while kept.exists():
            n += 1
            kept = path.with_name(f"{path.name}.unreadable-{stamp}-{n}")
        _link_or_copy(path, kept)
    _write_atomic(bak.read_bytes(), path)
    return workbook


# ---------------------------------------------------------------------------
# Saving


def workbook_bytes(workbook: Workbook) -> bytes:
    """The exact bytes a save writes: indented UTF-8 JSON."""
    data = workbook.to_dict()
    try:
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (pasted from odd sources) cannot be UTF-8; JSON's \u escapes keep them intact.
        return (json.dumps(data, ensure_ascii=True, indent=2) + "\n").encode("ascii")


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save atomically, keeping the current good file as ``<name>.bak``.

    Refuses (WorkbookFileError) to replace a file that exists but does not load, so a damaged or
    newer workbook is never silently overwritten. Sets ``workbook.updated``.
    """
    path = Path(path)
    directory = path.parent
    if not directory.exists():
        directory.mkdir(parents=True, mode=0o700, exist_ok=True)
    current_is_good = False
    if path.exists() or path.is_symlink():
        load_workbook(path)  # raises, naming the problem and any backup, before anything changes
        current_is_good = True
    previous_updated = workbook.updated
    workbook.touch()
    try:
        payload = workbook_bytes(workbook)
    except Exception:
        workbook.updated = previous_updated
        raise
    if current_is_good:
        _keep_backup(path)
    _write_atomic(payload, path)
    _clear_stale_temps(path)


def _keep_backup(path: Path) -> None:
    """Make ``<name>.bak`` the file now at ``path``, replacing the older backup in one step."""
    bak = backup_path(path)
    with _temp_name(path, ".bak-tmp") as tmp:
        _link_or_copy(path, tmp)
        tmp.replace(bak)
    with contextlib.suppress(OSError):
        bak.chmod(0o600)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        # Some file systems (FAT, some network shares) have no hard links; a synced copy is as good.
        fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
            shutil.copyfileobj(inp, out)
            out.flush()
            os.fsync(out.fileno())


@contextlib.contextmanager
def _temp_name(path: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """A fresh name beside ``path``; removed afterwards if it still exists (the step failed)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}{suffix}")
    try:
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _write_atomic(payload: bytes, path: Path) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    with _temp_name(path) as tmp:
        fd = os.open(tmp, flags, 0o600)  # private from the first byte, not chmod-ed afterwards
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        tmp.replace(path)
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable; not possible (nor needed) on Windows."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _clear_stale_temps(path: Path) -> None:
    cutoff = time.time() - _STALE_TEMP_SECONDS
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*tmp"):
        with contextlib.suppress(OSError):
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()


# ---------------------------------------------------------------------------
# Per-participant store for the web app

_CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Easy to read aloud and type: no 0/o, 1/l/i or u/v look-alikes.
_CODE_ALPHABET = "23456789abcdefghjkmnpqrstwxyz"
_CODE_WORDS = (
    "kite", "pine", "reef", "lark", "moss", "dune", "fern", "opal", "wren", "jade", "cove", "glen",
    "hawk", "iris", "lynx", "mint", "nova", "oak", "pier", "quay", "rain", "sage", "tide", "vale",
    "wave", "yarn", "zinc", "bay", "cliff", "delta", "ember", "frost",
)


class WorkbookStore:
    """One workbook file per participant code in a directory, for the web app.

    Paths are only ever built from codes that pass ``path_for``'s check, never from raw text.
    """

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory is not None else default_data_dir() / "workbooks"

    @staticmethod
    def normalise_code(code: str) -> str:
        """Accept what a person types (spaces around it, capitals) and return the canonical code."""
        if not isinstance(code, str):
            raise ValueError("a participant code is text such as 'kite-7h3m-q9xw-4rtb'")
        cleaned = code.strip().lower()
        if not (8 <= len(cleaned) <= 64) or not _CODE_RE.fullmatch(cleaned):
            raise ValueError("that is not a participant code: use 8 to 64 letters and digits in groups "
                             "joined by single dashes, such as 'kite-7h3m-q9xw-4rtb'")
        return cleaned

    def path_for(self, code: str) -> Path:
        """The file for a participant code; ValueError for anything that is not a well-formed code."""
        code = self.normalise_code(code)
        path = self.directory / f"{code}.json"
        # The pattern already rules out separators and dots; this is a second lock on the same door.
        if path.parent != self.directory or path.name != f"{code}.json":
            raise ValueError("that is not a participant code")
        return path

    def exists(self, code: str) -> bool:
        """Whether a workbook has been saved under this code (lets the app catch a mistyped code)."""
        return self.path_for(code).exists()

    def open(self, code: str) -> Workbook:
        """The participant's workbook; a new, saved one if this code has none yet."""
        return load_or_create(self.path_for(code))

    def save(self, code: str, workbook: Workbook) -> None:
        save_workbook(workbook, self.path_for(code))

    def restore_backup(self, code: str) -> Workbook:
        return restore_backup(self.path_for(code))

    @staticmethod
    def new_code() -> str:
        """A fresh random code like ``kite-7h3m-q9xw-4rtb``: a word plus 12 characters, about 63 bits."""
        word = secrets.choice(_CODE_WORDS)
        groups = ["".join(secrets.choice(_CODE_ALPHABET) for _ in range(4)) for _ in range(3)]
        return "-".join([word, *groups])
