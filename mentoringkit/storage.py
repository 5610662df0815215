"""Keeping a participant's workbook safe on disk: atomic saves, a last good copy, clear load errors.

A save never leaves a half-written file behind, never overwrites a file it cannot read (so a
damaged or newer workbook is not lost), and keeps the previous good version as ``<name>.bak``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
import os
import re
import secrets
import shutil
import stat
import string
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mentoringkit.parsing import DataError
from mentoringkit.store.merge import QUIET_KEYS
from mentoringkit.workbook import Profile, Workbook, WorkbookVersionError

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.store.merge import Collision

__all__ = [
    "DATA_ENV",
    "WorkbookDataError",
    "WorkbookFileError",
    "WorkbookStore",
    "backup_path",
    "default_data_dir",
    "document_from_bytes",
    "load_or_create",
    "load_workbook",
    "restore_backup",
    "save_workbook",
    "sync_document",
    "sync_workbook",
    "workbook_bytes",
    "workbook_from_bytes",
]

#: Environment variable that points the kit at the folder where workbooks are kept.
DATA_ENV = "MENTORINGKIT_DATA"

Problem = Literal["missing", "unreadable", "empty", "truncated", "corrupt", "newer", "shape", "link"]

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

    @property
    def for_participant(self) -> str:
        """The same message for a web page: no server paths, only what the participant can act on."""
        text = self.detail
        if self.problem != "missing":
            text += " Nothing has been changed in it."
        if self.backup is not None:
            text += " A previous good copy exists; restore it to carry on from that version."
        return text


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
    return document_from_bytes(raw, Workbook)


def document_from_bytes(raw: bytes | str, kind: type[Any]) -> Any:
    """Parse a saved document of type ``kind`` (a Workbook, a Partnership…), raising WorkbookDataError."""
    noun = getattr(kind, "NOUN", "workbook")
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
    except ValueError:  # Python refuses to read integers of thousands of digits (int_max_str_digits)
        raise WorkbookDataError("corrupt", "it holds a number thousands of digits long, which no workbook "
                                           "has; the file is damaged or is not a workbook.") from None
    try:
        return kind.from_dict(data)
    except WorkbookVersionError as exc:
        raise WorkbookDataError("newer", exc.message[:1].upper() + exc.message[1:] + ".") from None
    except DataError as exc:
        raise WorkbookDataError("shape", f"not a {noun} of the expected shape: {exc}.") from None
    except RecursionError:
        raise WorkbookDataError("corrupt", f"the JSON is nested too deeply to be a {noun}.") from None


#: Larger than any workbook a person could type; a bigger file is refused before it is read into memory.
MAX_WORKBOOK_BYTES = 32 * 1024 * 1024


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, never through a symbolic link (a link could lead outside the data folder)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if path.is_symlink():
        raise WorkbookFileError(path, "link", "this is a link to another file, not a workbook file, so it is "
                                              "not opened.")
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise WorkbookFileError(path, "missing", "no workbook file here.") from None
    except IsADirectoryError:
        raise WorkbookFileError(path, "unreadable", "this is a folder, not a workbook file.") from None
    except OSError as exc:
        if path.is_symlink():  # made a link between the check and the open
            raise WorkbookFileError(path, "link", "this is a link to another file, not a workbook file, so it "
                                                  "is not opened.") from None
        raise WorkbookFileError(path, "unreadable", f"cannot be read ({exc.strerror or exc}).") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise WorkbookFileError(path, "unreadable", f"this is {what}, not a workbook file.")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_WORKBOOK_BYTES:
            raise WorkbookFileError(path, "unreadable", f"the file is {info.st_size // (1024 * 1024)} MiB, far "
                                                        "larger than any workbook; it is not opened.")
        return handle.read(MAX_WORKBOOK_BYTES + 1)


def _parse_data(path: Path, kind: type[Any] = Workbook) -> tuple[Any, dict]:
    """Read and check one file: the document and its data as saved (migrated to the current schema)."""
    raw = _read_bytes(path)
    try:
        workbook = document_from_bytes(raw, kind)
    except WorkbookDataError as exc:
        raise WorkbookFileError(path, exc.problem, exc.detail) from None
    return workbook, workbook.to_dict(complete=True)


def _parse(path: Path, kind: type[Any] = Workbook) -> Any:
    """Read and check one file, raising WorkbookFileError (without a backup offer) on any problem."""
    return _parse_data(path, kind)[0]


def load_workbook(path: Path) -> Workbook:
    """Load a workbook, or raise WorkbookFileError saying what is wrong and offering a good backup."""
    return _load_checked(Path(path))[0]


def _load_checked(path: Path, kind: type[Any] = Workbook) -> tuple[Any, dict]:
    try:
        return _parse_data(path, kind)
    except WorkbookFileError as exc:
        if exc.problem in ("missing", "link"):
            raise
        bak = backup_path(path)
        try:
            good = _parse(bak, kind)
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
    # Under the lock: if another page created it meanwhile, that one is opened and nothing is overwritten.
    return sync_workbook(path, workbook.to_dict(complete=True), workbook, create=True).workbook


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


def make_private_dir(directory: Path) -> None:
    """Create ``directory`` and any missing parents readable only by this user (0700); inside the shared
    folder for pairs (mentoringkit.store.shared), with that folder's mode instead.

    Folders that already exist are left as they are: they may be shared on purpose by whoever made them.
    """
    from mentoringkit.store.shared import dir_mode

    directory = Path(directory)
    missing = []
    while not directory.exists() and directory != directory.parent:
        missing.append(directory)
        directory = directory.parent
    for folder in reversed(missing):
        mode = dir_mode(folder)
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=mode & 0o777)
        with contextlib.suppress(OSError):
            folder.chmod(mode)  # mkdir's mode is cut by the umask


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save the whole workbook atomically, keeping the current good file as ``<name>.bak``.

    Refuses (WorkbookFileError) to replace a file that exists but does not load, so a damaged or
    newer workbook is never silently overwritten. Sets ``workbook.updated``. Pages that share a workbook
    save through ``sync_workbook`` instead, which merges rather than replaces.
    """
    from mentoringkit.store.lock import locked

    path = Path(path)
    make_private_dir(path.parent)
    with locked(path):
        current_is_good = False
        if path.exists() or path.is_symlink():
            load_workbook(path)  # raises, naming the problem and any backup, before anything changes
            current_is_good = True
        _write_document(workbook, path, keep_backup=current_is_good)


def _write_document(workbook: Workbook, path: Path, *, keep_backup: bool) -> None:
    previous_updated = workbook.updated
    workbook.touch()
    try:
        payload = workbook_bytes(workbook)
    except Exception:
        workbook.updated = previous_updated
        raise
    if keep_backup:
        _keep_backup(path)
    _write_atomic(payload, path)
    _clear_stale_temps(path)


@dataclass
class Synced:
    """What a change-level save did: the document now on disk and what the merge found."""

    workbook: Workbook  # the document as saved (or as found, when nothing needed writing)
    data: dict[str, Any]  # the same as plain data: the page's new base for its next save
    collisions: list[Collision]  # values this save replaced that another page had saved since the base
    wrote: bool  # False when the merge changed nothing on disk
    created: bool = False


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in QUIET_KEYS}


def same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two workbook documents hold the same work (bookkeeping such as save times aside)."""
    return _comparable(a) == _comparable(b)


def sync_workbook(path: Path, base: dict[str, Any] | None, mine: Workbook | None, writer: str = "",
                  *, create: bool = False, replace: dict[str, Any] | None = None) -> Synced:
    """Apply one page's changes to the latest saved workbook, under the workbook's lock.

    ``base`` is the document as this page last read or wrote it, ``mine`` the page's copy now (None to only
    read). The page's changes (base → mine) are merged into what is on disk (see mentoringkit.store.merge):
    nothing another tab, page or partner saved since is lost; where both changed the same value this save
    wins, and a SyncNotice tells the page whose value was replaced (``last_writer`` of the file) so it can
    say so. Nothing is written when the merge changes nothing. A missing file is written from ``mine``
    only with ``create=True`` (otherwise WorkbookFileError "missing": a deleted workbook is not silently
    re-created). Damaged, newer or linked files raise WorkbookFileError and are left as they are.

    ``replace`` sets top-level keys outright instead of merging them: while paired, the workbook's copy of
    the shared parts simply follows the partnership record, which is where they are merged.
    """
    return sync_document(path, base, mine, writer, create=create, replace=replace, kind=Workbook)


def sync_document(path: Path, base: dict[str, Any] | None, mine: Any, writer: str = "", *, create: bool = False,
                  replace: dict[str, Any] | None = None, kind: type[Any] = Workbook) -> Synced:
    """``sync_workbook`` for any saved document type ``kind`` with ``from_dict``, ``to_dict(complete=)``,
    ``touch``, ``last_writer`` and ``sync_notices`` (a workbook, a partnership record)."""
    from mentoringkit.store.lock import locked
    from mentoringkit.store.merge import merge3

    path = Path(path)
    replace = replace or {}
    make_private_dir(path.parent)
    with locked(path):
        try:
            theirs_wb, theirs = _load_checked(path, kind)
        except WorkbookFileError as exc:
            if exc.problem != "missing" or mine is None or not create:
                raise
            if replace:
                mine = kind.from_dict({**mine.to_dict(complete=True), **replace})
            _write_document(mine, path, keep_backup=False)
            return Synced(mine, mine.to_dict(complete=True), [], wrote=True, created=True)
        if mine is None:
            merged, collisions = dict(theirs), []
        else:
            def strip(data: dict[str, Any]) -> dict[str, Any]:
                return {k: v for k, v in data.items() if k not in replace}

            merged, collisions = merge3(strip(base if base is not None else theirs),
                                        strip(mine.to_dict(complete=True)), strip(theirs))
        merged.update(replace)
        if same_content(merged, theirs) and not collisions:
            return Synced(theirs_wb, theirs, [], wrote=False)
        result = kind.from_dict(merged)
        if collisions:
            _add_notices(result, collisions, merged, replaced_writer=theirs.get("last_writer", ""), writer=writer)
        result.last_writer = writer
        _write_document(result, path, keep_backup=True)
        return Synced(result, result.to_dict(complete=True), collisions, wrote=True)


#: A workbook keeps at most this many notices; the oldest go first.
MAX_NOTICES = 20


def _add_notices(workbook: Any, collisions: list[Collision], data: dict[str, Any], *, replaced_writer: str,
                 writer: str) -> None:
    from mentoringkit.store.notices import collision_text
    from mentoringkit.workbook import SyncNotice

    for collision in collisions:
        what, replaced, kept = collision_text(collision, data)
        # One notice per part and page: typing on in the same field updates it instead of piling up.
        workbook.sync_notices = [n for n in workbook.sync_notices
                                 if not (n.what == what and n.for_writer == replaced_writer)]
        workbook.sync_notices.append(SyncNotice(for_writer=replaced_writer, by_writer=writer, what=what,
                                                replaced=replaced, kept=kept, at=_utc_now()))
    del workbook.sync_notices[:-MAX_NOTICES]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _keep_backup(path: Path) -> None:
    """Make ``<name>.bak`` the file now at ``path``, replacing the older backup in one step.

    The backup is a new name for the same private file (or a private copy), made in the data folder; a
    link planted at ``<name>.bak`` is replaced, never followed, and nothing outside the folder is touched.
    """
    bak = backup_path(path)
    with _temp_name(path, ".bak-tmp") as tmp:
        _link_or_copy(path, tmp)
        tmp.replace(bak)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        # Some file systems (FAT, some network shares) have no hard links; a synced copy is as good.
        from mentoringkit.store.shared import file_mode, share_open_file

        mode = file_mode(dst)
        fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
        share_open_file(fd, mode)
        src_fd = os.open(src, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "wb") as out, os.fdopen(src_fd, "rb") as inp:
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
    from mentoringkit.store.shared import file_mode, share_open_file

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    mode = file_mode(path)  # 0600; 0660 in the shared folder for pairs, so the partner's account can use it
    with _temp_name(path) as tmp:
        fd = os.open(tmp, flags, mode)  # never more open than ``mode`` from the first byte
        try:
            share_open_file(fd, mode)  # the umask may have cut the group's write
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
    try:
        fd = os.open(directory, os.O_RDONLY)
    except PermissionError:
        return  # the shared folder for pairs, which its members may not read (list); the rename stands
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

# The example every page and message shows; tests check it is a code new_code could issue.
CODE_EXAMPLE = "kite-7h3m-q9xw-4rtb"


def code_groups_rule() -> str:
    """The help sentence about look-alike characters, derived from the alphabet so it cannot drift from it."""
    left_out = [c for c in string.digits + string.ascii_lowercase if c not in _CODE_ALPHABET]
    listed = ", ".join(left_out[:-1]) + " or " + left_out[-1]
    return f"the three groups of four after the word never contain {listed}."


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
            raise ValueError(f"a participant code is text such as '{CODE_EXAMPLE}'")
        cleaned = code.strip().lower()
        if not (8 <= len(cleaned) <= 64) or not _CODE_RE.fullmatch(cleaned):
            raise ValueError("that is not a participant code: use 8 to 64 letters and digits in groups "
                             f"joined by single dashes, such as '{CODE_EXAMPLE}'")
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
        return random_code(secrets.choice(_CODE_WORDS))


def random_code(word: str) -> str:
    """``<word>-xxxx-xxxx-xxxx``: twelve random characters from an alphabet without look-alikes (about 58
    bits); personal codes and pair invitations are made this way."""
    groups = ["".join(secrets.choice(_CODE_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "-".join([word, *groups])
