"""The shared store for pairs on a JupyterHub: one folder where the partnership records and invitations of a
mentor and a mentee on two different accounts meet.

Each hub user's workbook stays private in their own home. The administrator creates one folder for the
programme (``mentoringkit shared-store create DIR --group GROUP``, as root), owned by root and a Unix group
the programme's users belong to, mode 2730: members may create files there and open a file whose name they
know, but nobody except root may list it. The hub hands its path to every user's server as
``MENTORINGKIT_SHARED_STORE``. Records (``partnerships/<16 hex>.json``) and invitations
(``invitations/pair-….json``) go there, mode 0660 so the partner's account can read and write them; the names
are random, so only the two people of a pair can reach their record.

When the variable names a folder that cannot be used, pairing says so in plain words and everything else goes
on as usual.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from mentoringkit.model.partnership import PartnershipError

__all__ = [
    "DIR_MODE",
    "FILE_MODE",
    "SHARED_STORE_ENV",
    "SUBFOLDERS",
    "SharedStoreError",
    "check_store",
    "configured_store",
    "create_store",
    "dir_mode",
    "file_mode",
]

#: Set by the hub (``c.Spawner.environment``) to the folder the administrator made for pairs.
SHARED_STORE_ENV = "MENTORINGKIT_SHARED_STORE"
#: setgid (new files and folders take the programme's group), the owner all, the group write and enter
#: (create, and open by name) but not read (list), others nothing.
DIR_MODE = 0o2730
#: Records, invitations and their lock files: the owner and the group (the partner) read and write.
FILE_MODE = 0o660
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
SUBFOLDERS = ("partnerships", "invitations")

_AFTER = (" Your own work is still saved in your own account. Tell your trainer, who can pass this on to the "
          "hub's administrator.")


class SharedStoreError(PartnershipError):
    """The shared folder for pairs cannot be used. ``str()`` is for the page (no server path); ``detail`` is for
    the administrator (the folder and what to do)."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"Pairing with a partner is not available right now: {reason}{_AFTER}")
        self.reason = reason
        self.detail = detail


def configured_store(environ: Mapping[str, str] | None = None) -> Path | None:
    """The shared folder the administrator set (``MENTORINGKIT_SHARED_STORE``), or None when none is set."""
    env = os.environ if environ is None else environ
    raw = (env.get(SHARED_STORE_ENV) or "").strip()
    return Path(raw).expanduser().absolute() if raw else None


def _fix(root: Path, group: str = "GROUP") -> str:
    return f"as root: mentoringkit shared-store create {root} --group {group}"


def _check_folder(folder: Path, root: Path, *, must_exist: bool) -> None:
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        if must_exist:
            raise SharedStoreError("the shared folder for pairs that the hub's administrator set up is missing.",
                                   f"{folder} does not exist; create it ({_fix(root)}).") from None
        return
    except OSError as exc:
        raise SharedStoreError("your account may not use the shared folder for pairs (it may not be in the "
                               "programme's group yet).",
                               f"{folder} cannot be reached by this account ({exc.strerror}); add the account "
                               "to the folder's group and restart its server.") from None
    if stat.S_ISLNK(info.st_mode):
        raise SharedStoreError("the shared folder for pairs is a link to somewhere else, which the kit does not "
                               "follow.", f"{folder} is a symbolic link; name the real folder instead.")
    if not stat.S_ISDIR(info.st_mode):
        raise SharedStoreError("what was set up as the shared folder for pairs is not a folder.",
                               f"{folder} is not a folder; {_fix(root)}.")
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o047:
        raise SharedStoreError("the shared folder for pairs could be listed or opened by other people, so the "
                               "kit keeps partnerships out of it.",
                               f"{folder} is mode {mode:04o}: others must have no access and the group no read "
                               f"(listing); the mode for pairs is {DIR_MODE:04o} ({_fix(root)}).")
    if mode & 0o070 and not mode & stat.S_ISGID:
        raise SharedStoreError("files made in the shared folder for pairs would not reach your partner's account.",
                               f"{folder} is group-writable without the setgid bit, so new files would not take "
                               f"its group; the mode for pairs is {DIR_MODE:04o} ({_fix(root)}).")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SharedStoreError("your account may not use the shared folder for pairs (it may not be in the "
                               "programme's group yet).",
                               f"this account may not write in {folder}; add it to the folder's group and "
                               "restart its server.")


def check_store(root: Path) -> None:
    """Raise SharedStoreError unless this account can keep pairs in ``root``: an existing, real folder (no
    link) that nobody but its owner can list, where this account may create and open files; the same for the
    subfolders that exist already. Nothing is created or changed."""
    root = Path(root)
    _check_folder(root, root, must_exist=True)
    for name in SUBFOLDERS:
        _check_folder(root / name, root, must_exist=False)


def _in_store(folder: Path, environ: Mapping[str, str] | None = None) -> bool:
    root = configured_store(environ)
    if root is None:
        return False
    here = Path(folder).absolute()
    return here == root or here in {root / name for name in SUBFOLDERS}


def file_mode(path: Path, environ: Mapping[str, str] | None = None) -> int:
    """The mode a file at ``path`` is created with: 0660 in the shared folder for pairs (the partner's account
    reads and writes it through the group), 0600 everywhere else."""
    return FILE_MODE if _in_store(Path(path).parent, environ) else PRIVATE_FILE_MODE


def dir_mode(folder: Path, environ: Mapping[str, str] | None = None) -> int:
    """The mode a folder is created with: the shared folder's own mode inside it, 0700 everywhere else."""
    return DIR_MODE if _in_store(Path(folder), environ) else PRIVATE_DIR_MODE


def share_open_file(fd: int, mode: int) -> None:
    """Give a file this account has just opened or created ``mode`` whatever the umask (``os.open``'s mode is
    cut by it). Only a file this account owns is changed; the partner's files already have it."""
    if mode == PRIVATE_FILE_MODE or not hasattr(os, "fchmod"):
        return
    info = os.fstat(fd)
    if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != mode:
        os.fchmod(fd, mode)


def create_store(root: Path, group: str) -> list[Path]:
    """Make (or repair) the shared folder for pairs and its subfolders: owned by this account (root) and
    ``group``, mode 2730. Returns the folders. SharedStoreError for an unknown group or a link in the way."""
    import grp

    try:
        gid = grp.getgrnam(group).gr_gid
    except KeyError:
        raise SharedStoreError("the programme's group does not exist.",
                               f"there is no group {group!r}: create it first (groupadd {group}) and add the "
                               "programme's users to it (usermod -aG " + group + " USER).") from None
    root = Path(root).absolute()
    root.parent.mkdir(parents=True, exist_ok=True)
    folders = [root, *(root / name for name in SUBFOLDERS)]
    for folder in folders:
        if folder.is_symlink():
            raise SharedStoreError("the shared folder for pairs is a link.",
                                   f"{folder} is a symbolic link; remove it or choose another folder.")
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        if not folder.is_dir():
            raise SharedStoreError("the shared folder for pairs is not a folder.", f"{folder} is not a folder.")
        try:  # through a descriptor opened without following links: a link swapped in is not changed
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError as exc:
            raise SharedStoreError("the shared folder for pairs cannot be set up.",
                                   f"{folder} cannot be opened ({exc.strerror}).") from None
        try:
            os.fchown(fd, -1, gid)
            os.fchmod(fd, DIR_MODE)  # after the chown, which may clear the setgid bit
        finally:
            os.close(fd)
    return folders
