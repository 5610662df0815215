"""The kit on JupyterHub: who is signed in, whether they may see the trainer pages, and the single-user
server command that opens the kit's start page (``python -m mentoringkit.hub``, see docs/jupyterhub.md).

On a hub the hub's login is the identity: each person's workbook lives in their own account, so no
personal code is needed. A trainer is a hub admin or a member of a trainer group (``mentoringkit-trainers``
unless ``MENTORINGKIT_TRAINER_GROUPS`` names others), as the hub itself reports through its API.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "DEFAULT_TRAINER_GROUPS",
    "HUB_START_URL",
    "HubAPIError",
    "HubIdentity",
    "fetch_hub_user",
    "hub_identity",
    "is_trainer",
    "shows_trainer_pages",
    "singleuser_command",
    "singleuser_environment",
    "trainer_groups",
]

#: Set by JupyterHub in every single-user server (and so in every kernel it starts): the signed-in user.
HUB_USER_ENV = "JUPYTERHUB_USER"
#: Comma-separated hub groups whose members see the trainer pages.
TRAINER_GROUPS_ENV = "MENTORINGKIT_TRAINER_GROUPS"
DEFAULT_TRAINER_GROUPS: tuple[str, ...] = ("mentoringkit-trainers",)
#: Where hub users land: the start page, relative to the single-user server (``c.Spawner.default_url``).
HUB_START_URL = "/voila/render/00_start_here.ipynb"


class HubAPIError(RuntimeError):
    """The hub could not be asked who the user is; the message says why."""


@dataclass(frozen=True)
class HubIdentity:
    """The person signed in to the hub, and whether the hub counts them as a trainer."""

    name: str
    trainer: bool = False
    #: Why the trainer role could not be checked (the person is then treated as a participant).
    problem: str | None = None


def trainer_groups(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The hub groups whose members are trainers: ``MENTORINGKIT_TRAINER_GROUPS`` or the default."""
    env = os.environ if environ is None else environ
    raw = env.get(TRAINER_GROUPS_ENV)
    if raw is None:
        return DEFAULT_TRAINER_GROUPS
    return tuple(dict.fromkeys(g.strip() for g in raw.split(",") if g.strip()))


def is_trainer(user_model: Mapping[str, object], groups: Iterable[str]) -> bool:
    """Whether a hub user model (``GET /hub/api/user``) is a trainer: a hub admin or in a trainer group."""
    if user_model.get("admin") is True:
        return True
    member_of = user_model.get("groups") or []
    if not isinstance(member_of, list):
        return False
    return bool(set(map(str, member_of)) & set(groups))


def fetch_hub_user(environ: Mapping[str, str] | None = None, timeout: float = 3.0) -> dict[str, object]:
    """Ask the hub who owns this server's token: ``GET $JUPYTERHUB_API_URL/user``.

    The single-user server's token always may read its owner's name, admin flag and groups (JupyterHub's
    "identify" scopes), so no extra role is needed in the hub's configuration.
    """
    env = os.environ if environ is None else environ
    api, token = env.get("JUPYTERHUB_API_URL", ""), env.get("JUPYTERHUB_API_TOKEN", "")
    if not api or not token:
        raise HubAPIError("JUPYTERHUB_API_URL or JUPYTERHUB_API_TOKEN is not set, so the hub cannot be asked.")
    if urllib.parse.urlsplit(api).scheme not in ("http", "https"):
        raise HubAPIError(f"JUPYTERHUB_API_URL is not an http(s) address: {api!r}")
    request = urllib.request.Request(api.rstrip("/") + "/user",  # noqa: S310 - scheme checked above
                                     headers={"Authorization": f"token {token}", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            body = response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        raise HubAPIError(f"the hub refused the request for the user's details (HTTP {exc.code}).") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise HubAPIError(f"the hub at {api} did not answer ({reason}).") from None
    try:
        model = json.loads(body)
    except ValueError:
        raise HubAPIError("the hub's answer about the user is not JSON.") from None
    if not isinstance(model, dict):
        raise HubAPIError("the hub's answer about the user is not a user model.")
    return model


def hub_identity(environ: Mapping[str, str] | None = None) -> HubIdentity | None:
    """Who is signed in when this runs on a JupyterHub single-user server; None anywhere else.

    The name comes from ``JUPYTERHUB_USER`` (the hub sets it; it decides whose account and files these
    are anyway). The trainer role is asked of the hub; if it cannot be asked, the person is a participant.
    """
    env = os.environ if environ is None else environ
    name = env.get(HUB_USER_ENV, "").strip()
    if not name:
        return None
    try:
        model = fetch_hub_user(env)
    except HubAPIError as exc:
        return HubIdentity(name, trainer=False, problem=f"The trainer role could not be checked: {exc}")
    if model.get("name") != name:
        return HubIdentity(name, trainer=False, problem=(
            f"The trainer role could not be checked: the hub says this server's token belongs to "
            f"{model.get('name')!r}, not {name!r}."))
    return HubIdentity(name, trainer=is_trainer(model, trainer_groups(env)))


def shows_trainer_pages(identity: HubIdentity, query: Mapping[str, str]) -> bool:
    """Trainers see the facilitator notes unless the page asks ``?facilitator=0``; participants never do."""
    if not identity.trainer:
        return False
    return query.get("facilitator", "").strip().lower() not in ("0", "false", "no", "off")


# ---------------------------------------------------------------------------
# The single-user server


def singleuser_command(extra: Iterable[str] = (), python: str = sys.executable) -> list[str]:
    """``jupyterhub-singleuser`` serving the module notebooks, with Voilà set up as ``mentoringkit serve`` has it.

    The server's root folder is the packaged notebooks (read-only for users; work goes to each user's data
    folder), pages use the kit's accessible template, code cells are hidden and tracebacks are not sent to
    browsers, and kernels of closed pages are culled (Voilà 0.5 cannot shut them down itself, voila issue 1458).
    Arguments in ``extra`` (e.g. the spawner's) come last, so they win.
    """
    from mentoringkit.serve import BROWSER_LANGUAGE_HEADER, TEMPLATE, notebooks_dir

    return [
        python, "-m", "jupyterhub.singleuser",
        f"--ServerApp.root_dir={notebooks_dir()}",
        f"--ServerApp.default_url={HUB_START_URL}",
        f"--VoilaConfiguration.template={TEMPLATE}",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        BROWSER_LANGUAGE_HEADER,
        "--MappingKernelManager.cull_idle_timeout=1200",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
        *extra,
    ]


def singleuser_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for the single-user server: the kit's Voilà template first on ``JUPYTER_PATH``."""
    from mentoringkit.serve import with_template_path

    return with_template_path(os.environ if base is None else base)


def main(argv: list[str] | None = None) -> int:
    """``python -m mentoringkit.hub [server options]``: the command for ``c.Spawner.cmd``."""
    args = sys.argv[1:] if argv is None else argv
    if not os.environ.get("JUPYTERHUB_API_TOKEN"):
        print("mentoringkit.hub: this starts a JupyterHub single-user server, so JupyterHub must start it "
              "(set c.Spawner.cmd as docs/jupyterhub.md shows); JUPYTERHUB_API_TOKEN is not set.", file=sys.stderr)
        return 2
    command = singleuser_command(args)
    os.execvpe(command[0], command, singleuser_environment())  # noqa: S606 - a fixed argument list, no shell
    return 0  # pragma: no cover - execvpe does not return


if __name__ == "__main__":
    sys.exit(main())
