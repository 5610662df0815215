"""On JupyterHub the hub's login is the identity: the workbook in the user's own account, no personal code,
and the trainer pages for hub admins and trainer groups, as the hub's API reports them.

The hub's API here is a real HTTP server on 127.0.0.1 answering ``GET /hub/api/user`` the way JupyterHub 5-6
does for a single-user server's token (name, admin and groups: the "identify" scopes); tests/hub/test_hub.py
checks the same against a real JupyterHub.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mentoringkit.hub import (
    DEFAULT_TRAINER_GROUPS,
    HUB_START_URL,
    HubIdentity,
    hub_identity,
    is_trainer,
    main,
    shows_trainer_pages,
    singleuser_command,
    singleuser_environment,
    trainer_groups,
)
from mentoringkit.serve import TEMPLATE, jupyter_data_dir, notebooks_dir
from mentoringkit.session import OWN_WORKBOOK_NAME, open_session
from mentoringkit.widgets.landing import Landing
from tests.widget_text import page_text

TOKEN = "secret-token-of-ana"


class FakeHubUsers:
    """The users a test hub knows: token -> user model."""

    def __init__(self) -> None:
        self.by_token: dict[str, object] = {}
        self.requests: list[tuple[str, str]] = []


@pytest.fixture
def hub_api():
    """A real HTTP server on a free port standing in for the hub's REST API; yields (api_url, users)."""
    users = FakeHubUsers()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            auth = self.headers.get("Authorization", "")
            users.requests.append((self.path, auth))
            token = auth.removeprefix("token ")
            if self.path != "/hub/api/user" or token not in users.by_token:
                self.send_response(403)
                self.end_headers()
                return
            body = users.by_token[token]
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hub/api", users
    finally:
        server.shutdown()
        server.server_close()


def hub_env(api: str, user: str = "ana", token: str = TOKEN, **extra: str) -> dict[str, str]:
    return {"JUPYTERHUB_USER": user, "JUPYTERHUB_API_URL": api, "JUPYTERHUB_API_TOKEN": token, **extra}


def voila_page(query: str = "") -> dict[str, str]:
    """What Voilà on a hub's single-user server puts into a page's kernel environment."""
    return {"VOILA_REQUEST_URL": "http://127.0.0.1:8000/user/ana/voila/render/00_start_here.ipynb",
            "SERVER_SOFTWARE": "voila/0.5.13", "QUERY_STRING": query}


# -- the trainer rule ------------------------------------------------------------


def test_trainer_groups_default_and_configured():
    assert trainer_groups({}) == DEFAULT_TRAINER_GROUPS == ("mentoringkit-trainers",)
    assert trainer_groups({"MENTORINGKIT_TRAINER_GROUPS": " staff , coordinators,staff,, "}) == (
        "staff", "coordinators")
    assert trainer_groups({"MENTORINGKIT_TRAINER_GROUPS": ""}) == ()  # only hub admins then


@pytest.mark.parametrize(("model", "expected"), [
    ({"name": "ana", "admin": True, "groups": []}, True),
    ({"name": "ana", "admin": False, "groups": ["mentoringkit-trainers"]}, True),
    ({"name": "ana", "admin": False, "groups": ["cohort-2026", "Mentoringkit-Trainers"]}, False),  # exact names
    ({"name": "ana", "admin": False, "groups": []}, False),
    ({"name": "ana"}, False),
    ({"name": "ana", "admin": "yes", "groups": "mentoringkit-trainers"}, False),  # malformed: no role
])
def test_a_trainer_is_a_hub_admin_or_in_a_trainer_group(model, expected):
    assert is_trainer(model, DEFAULT_TRAINER_GROUPS) is expected


def test_trainers_see_facilitator_notes_unless_they_ask_not_to_and_participants_never_do():
    trainer, participant = HubIdentity("tess", trainer=True), HubIdentity("ana")
    assert shows_trainer_pages(trainer, {}) and shows_trainer_pages(trainer, {"facilitator": "1"})
    assert not shows_trainer_pages(trainer, {"facilitator": "0"})
    assert not shows_trainer_pages(participant, {"facilitator": "1"})


# -- asking the hub ----------------------------------------------------------------


def test_off_a_hub_there_is_no_hub_identity_and_the_hub_module_is_not_imported(cur, data_dir):
    assert hub_identity({}) is None
    assert hub_identity({"JUPYTERHUB_USER": "  "}) is None
    sys.modules.pop("mentoringkit.hub", None)
    open_session(curriculum=cur, environ=voila_page())
    assert "mentoringkit.hub" not in sys.modules


def test_the_hub_reports_admins_and_trainer_group_members_as_trainers(hub_api):
    api, users = hub_api
    users.by_token[TOKEN] = {"name": "ana", "admin": False, "groups": ["cohort-2026"]}
    users.by_token["t-tess"] = {"name": "tess", "admin": False, "groups": ["mentoringkit-trainers"]}
    users.by_token["t-root"] = {"name": "root", "admin": True, "groups": []}
    assert hub_identity(hub_env(api)) == HubIdentity("ana", trainer=False)
    assert hub_identity(hub_env(api, "tess", "t-tess")) == HubIdentity("tess", trainer=True)
    assert hub_identity(hub_env(api, "root", "t-root")) == HubIdentity("root", trainer=True)
    assert users.requests[0] == ("/hub/api/user", f"token {TOKEN}")
    # A programme with its own group name configures it; the default group then counts for nothing.
    assert not hub_identity(hub_env(api, "tess", "t-tess", MENTORINGKIT_TRAINER_GROUPS="staff")).trainer


@pytest.mark.parametrize(("token", "answer", "expected_problem"), [
    ("wrong-token", None, "refused"),
    (TOKEN, b"<html>not json</html>", "not JSON"),
    (TOKEN, [1, 2], "not a user model"),
    (TOKEN, {"name": "somebody-else", "admin": True}, "belongs to 'somebody-else'"),
])
def test_when_the_hub_cannot_confirm_the_role_the_person_is_a_participant_with_a_reason(
        hub_api, token, answer, expected_problem):
    api, users = hub_api
    if answer is not None:
        users.by_token[TOKEN] = answer
    identity = hub_identity(hub_env(api, token=token))
    assert identity is not None and identity.name == "ana" and not identity.trainer
    assert expected_problem in identity.problem


def test_an_unreachable_or_unset_hub_api_leaves_the_user_signed_in_as_a_participant():
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = hub_identity(hub_env(f"http://127.0.0.1:{port}/hub/api"))
    assert down.name == "ana" and not down.trainer and "did not answer" in down.problem
    unset = hub_identity({"JUPYTERHUB_USER": "ana"})
    assert unset.name == "ana" and not unset.trainer and "JUPYTERHUB_API_TOKEN" in unset.problem
    odd = hub_identity(hub_env("file:///etc/passwd"))
    assert not odd.trainer and "not an http(s) address" in odd.problem


# -- the session and the start page on a hub --------------------------------------------


def test_on_a_hub_the_workbook_is_the_one_in_the_users_account_and_no_code_is_asked(cur, data_dir, hub_api):
    api, users = hub_api
    users.by_token[TOKEN] = {"name": "ana", "admin": False, "groups": []}
    env = {**hub_env(api), **voila_page()}
    session = open_session(curriculum=cur, environ=env)
    assert session.path == data_dir / OWN_WORKBOOK_NAME and session.keeps_work and session.code is None
    assert not session.facilitator
    assert session.module_url("goals") == "00_start_here.ipynb?module=goals"  # the app; no code on a hub
    page = Landing(session)
    text = page_text(page)
    assert "You are signed in" in text and "No personal code is needed" in text
    assert "Give me a personal code" not in text and "Coming back?" not in text
    assert page.new_button not in page.code_area.children
    page.picker.set_name("Ana Hub")
    # The next page (another kernel) opens the same workbook with nothing in its address.
    assert open_session(curriculum=cur, environ=env).workbook.profile.name == "Ana Hub"
    assert (data_dir / OWN_WORKBOOK_NAME).stat().st_mode & 0o777 == 0o600


def test_on_a_hub_a_code_in_the_address_does_not_open_another_workbook(cur, data_dir, hub_api):
    api, users = hub_api
    users.by_token[TOKEN] = {"name": "ana", "admin": False, "groups": []}
    someone = open_session(curriculum=cur, environ=voila_page())  # a code-keeping workbook in the same folder
    code = someone.start_new_code()
    someone.workbook.profile.name = "Someone"
    someone.save()
    session = open_session(curriculum=cur, environ={**hub_env(api), **voila_page(f"code={code}")})
    assert session.code is None and session.path == data_dir / OWN_WORKBOOK_NAME
    assert session.workbook.profile.name != "Someone"


def test_on_a_hub_only_trainers_get_the_facilitator_notes(cur, data_dir, hub_api):
    api, users = hub_api
    users.by_token[TOKEN] = {"name": "ana", "admin": False, "groups": []}
    users.by_token["t-tess"] = {"name": "tess", "admin": False, "groups": ["mentoringkit-trainers"]}
    participant = open_session(curriculum=cur, facilitator=True,
                               environ={**hub_env(api), **voila_page("facilitator=1")})
    trainer = open_session(curriculum=cur, environ={**hub_env(api, "tess", "t-tess"), **voila_page()})
    hidden = open_session(curriculum=cur, environ={**hub_env(api, "tess", "t-tess"), **voila_page("facilitator=0")})
    assert not participant.facilitator and trainer.facilitator and not hidden.facilitator


def test_a_batch_run_on_a_hub_still_writes_the_workbook_it_was_given(cur, data_dir, hub_api, tmp_path):
    api, _users = hub_api
    target = tmp_path / "amara.json"
    session = open_session(participant="Amara", workbook_path=str(target), curriculum=cur, environ=hub_env(api))
    assert session.path == target and target.is_file()


# -- the single-user server ----------------------------------------------------------


def test_the_single_user_server_serves_the_module_notebooks_as_the_kit_serves_them():
    cmd = singleuser_command(["--ServerApp.root_dir=/elsewhere"], python="/opt/kit/bin/python")
    assert cmd[:3] == ["/opt/kit/bin/python", "-m", "jupyterhub.singleuser"]
    root = next(a.split("=", 1)[1] for a in cmd if a.startswith("--ServerApp.root_dir="))
    assert (notebooks_dir() / HUB_START_URL.removeprefix("/voila/render/")).is_file()
    assert root == str(notebooks_dir())
    assert f"--ServerApp.default_url={HUB_START_URL}" in cmd
    assert f"--VoilaConfiguration.template={TEMPLATE}" in cmd
    assert "--VoilaConfiguration.show_tracebacks=False" in cmd and "--VoilaConfiguration.strip_sources=True" in cmd
    assert "--VoilaConfiguration.http_header_envs=Accept-Language" in cmd  # date order from the browser language
    assert cmd[-1] == "--ServerApp.root_dir=/elsewhere"  # the spawner's own arguments come last and win
    env = singleuser_environment({"JUPYTER_PATH": "/a"})
    assert env["JUPYTER_PATH"].split(":") == [str(jupyter_data_dir()), "/a"]
    assert (jupyter_data_dir() / "voila" / "templates" / TEMPLATE / "index.html.j2").is_file()


def test_the_single_user_command_refuses_to_start_outside_a_hub(monkeypatch, capsys):
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    assert main([]) == 2
    assert "JupyterHub must start it" in capsys.readouterr().err
