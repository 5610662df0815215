"""The kit on a real JupyterHub: two system users sign in through the hub's login form in Chromium, land on the
start page with no code asked, work in the kit, and cannot reach each other's workbook by URL or file path. Then
they pair across their accounts through the shared folder for pairs (mentoringkit.store.shared): each sees the
other's changes to the agreement and the log, and neither can list the folder or read the other's workbook.

One hub for the whole module, configured by the shipped examples/jupyterhub/jupyterhub_config.py (only ports,
state files, the test's trainer group and the shared folder for pairs are changed): PAMAuthenticator with real
accounts made by ``useradd``, LocalProcessSpawner running each user's server as that user, configurable-http-proxy
from npm. The users' Python is a venv from Debian's python3 (tests/hub/kit_env.py, prepared by .ci/run), as
root's is unreadable to them. Needs root and configurable-http-proxy; skips without them unless
MENTORINGKIT_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import contextlib
import grp
import json
import os
import pwd
import re
import secrets
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.orientation_app import (
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    page_problems,
    wait_for_app,
)
from tests.hub import kit_env
from tests.hub.harness import require, stop, wait_until_answers

pytestmark = [pytest.mark.hub, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIG = ROOT / "examples" / "jupyterhub" / "jupyterhub_config.py"
TRAINER_GROUP = "mentoringkit-trainers"
PAIRS_GROUP = "mkhubtest-pairs"  # the programme's Unix group for the shared folder (mentoringkit-pairs in the docs)
START, AGREEMENT, LOG = "00_start_here.ipynb", "07_agreement.ipynb", "08_log_and_progress.ipynb"
WORKBOOK = Path(".local/share/mentoringkit/my-workbook.json")  # platformdirs' data folder, in each home
PAGE_TIMEOUT_MS = 120_000  # login, spawn (about 9 s on 2 busy cores) and the first page


def _missing() -> str | None:
    if os.geteuid() != 0:
        return "the hub test needs root (it creates system users and runs JupyterHub's LocalProcessSpawner)"
    if not shutil.which("configurable-http-proxy"):
        return "configurable-http-proxy is missing: npm install -g configurable-http-proxy"
    if not all(shutil.which(tool) for tool in ("useradd", "chpasswd", "groupadd", "runuser")):
        return "useradd, chpasswd, groupadd or runuser is missing"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: apt-get install -y chromium"
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "jupyterhub is not installed: pip install -e '.[test]'"
    if not kit_env.is_ready():
        return f"the users' Python environment is not prepared: python {Path(kit_env.__file__).relative_to(ROOT)}"
    return None


@pytest.fixture(scope="module", autouse=True)
def _requirements() -> None:
    require(_missing())


# -- system users -------------------------------------------------------------------


@dataclass
class HubUser:
    name: str
    password: str
    full_name: str

    @property
    def home(self) -> Path:
        return Path(pwd.getpwnam(self.name).pw_dir)

    @property
    def workbook(self) -> Path:
        return self.home / WORKBOOK


def _delete_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)


@pytest.fixture(scope="module")
def users() -> Iterator[dict[str, HubUser]]:
    """Two real accounts (a participant and a trainer) in the programme's group for pairs, removed with their
    homes and the group afterwards."""
    made = {
        "ana": HubUser("mkhubtest-ana", secrets.token_urlsafe(12), "Ana Hubtest"),
        "ben": HubUser("mkhubtest-ben", secrets.token_urlsafe(12), "Ben Hubtest"),
    }
    try:
        for user in made.values():
            _delete_user(user.name)  # left over from an interrupted run
        subprocess.run(["groupdel", PAIRS_GROUP], capture_output=True, check=False)
        subprocess.run(["groupadd", PAIRS_GROUP], check=True)
        for user in made.values():
            subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", "--groups", PAIRS_GROUP, user.name],
                           check=True)
            subprocess.run(["chpasswd"], input=f"{user.name}:{user.password}\n", text=True, check=True)
        yield made
    finally:
        for user in made.values():
            _delete_user(user.name)
        subprocess.run(["groupdel", PAIRS_GROUP], capture_output=True, check=False)


@pytest.fixture(scope="module")
def shared_store(users) -> Iterator[Path]:
    """The shared folder for pairs, made the way docs/jupyterhub.md tells the administrator to, by the kit's
    own command in the users' environment (a folder every user can reach, unlike pytest's under /tmp)."""
    kit_env.install_checkout()  # the code under test, offline, into the users' environment (the hub's too)
    root = Path("/var/tmp") / f"mkhubtest-pairs-{secrets.token_hex(4)}"
    try:
        subprocess.run([str(kit_env.python()), "-m", "mentoringkit", "shared-store", "create", str(root),
                        "--group", PAIRS_GROUP], check=True, capture_output=True, text=True, cwd="/")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


# -- the hub --------------------------------------------------------------------------


@dataclass
class Hub:
    url: str
    proc: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def hub(users, shared_store, tmp_path_factory) -> Iterator[Hub]:
    state = tmp_path_factory.mktemp("hub")
    port, hub_port, api_port = free_port(), free_port(), free_port()
    trainer = users["ben"].name
    (state / "test_config.py").write_text(
        f"load_subconfig({str(EXAMPLE_CONFIG)!r})\n"
        f"c.JupyterHub.bind_url = 'http://127.0.0.1:{port}'\n"
        "c.JupyterHub.hub_ip = '127.0.0.1'\n"
        f"c.JupyterHub.hub_port = {hub_port}\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'\n"
        f"c.JupyterHub.db_url = 'sqlite:///{state}/jupyterhub.sqlite'\n"
        f"c.JupyterHub.cookie_secret_file = '{state}/jupyterhub_cookie_secret'\n"
        # No login sessions (pam_systemd and friends have nothing to talk to in a container).
        "c.PAMAuthenticator.open_sessions = False\n"
        f"c.Authenticator.allowed_users = {{{users['ana'].name!r}, {trainer!r}}}\n"
        f"c.JupyterHub.load_groups = {{{TRAINER_GROUP!r}: {{'users': [{trainer!r}]}}}}\n"
        # The shipped file names /srv/mentoringkit-pairs; this hub's folder is the test's own.
        "c.Spawner.environment = {**c.Spawner.environment, "
        f"'MENTORINGKIT_SHARED_STORE': {str(shared_store)!r}}}\n",
        encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MENTORINGKIT_", "JUPYTER", "PYTHON", "VOILA"))}  # the users' servers keep PYTHONPATH
    env["MENTORINGKIT_PYTHON"] = str(kit_env.python())
    log = state / "hub.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(state / "test_config.py")],
                                cwd=state, env=env, stdout=out, stderr=subprocess.STDOUT)
    running = Hub(f"http://127.0.0.1:{port}", proc, log)
    try:
        wait_until_answers(running.url + "/hub/login", proc, log)
        yield running
    finally:
        stop(proc)


# -- the browsers ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def signed_in(hub, users, playwright_driver):
    """Both users signed in through the hub's login form, each in their own browser context, on their start page."""
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    pages = {}
    started = time.monotonic()
    for key, user in users.items():  # both servers spawn at once, as in a room
        page = browser.new_context().new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.goto(hub.url + "/hub/login")
        page.fill("#username_input", user.name)
        page.fill("#password_input", user.password)
        page.click("#login_submit")
        pages[key] = page
    for key, page in pages.items():
        name = users[key].name
        try:
            page.wait_for_url(f"**/user/{name}/voila/render/00_start_here.ipynb*")
            wait_for_app(page, PAGE_TIMEOUT_MS)
        except Exception:
            print(hub.log_text()[-6000:])
            raise
    print(f"both users signed in and on their start page in {time.monotonic() - started:.1f} s")
    yield pages
    for page in pages.values():
        page.goto("about:blank")  # Voilà's kernels shut down as the pages go
    browser.close()


def _wait_for_saved_name(user: HubUser, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        try:
            saved = json.loads(user.workbook.read_text(encoding="utf-8"))
            if saved.get("profile", {}).get("name") == user.full_name:
                return saved
        except (OSError, ValueError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{user.name}'s name never reached {user.workbook}")
        time.sleep(0.2)


def test_each_user_lands_on_the_start_page_signed_in_and_keeps_work_in_their_own_account(signed_in, users):
    for key, page in signed_in.items():
        user = users[key]
        body = page.inner_text("body")
        assert "You are signed in, so your work is saved in your own account" in body
        assert "Give me a personal code" not in body and "Coming back?" not in body
        assert "code=" not in page.url
        assert page_problems(page) == []
        assert page.locator("main").count() == 1  # the kit's own Voilà template (landmarks), not Voilà's default
        box = page.get_by_role("textbox", name="Your name")
        box.fill(user.full_name)
        box.press("Tab")
    for user in users.values():
        _wait_for_saved_name(user)
        info = user.workbook.stat()
        assert info.st_uid == pwd.getpwnam(user.name).pw_uid, f"{user.workbook} is not owned by {user.name}"
        assert info.st_mode & 0o777 == 0o600, f"{user.workbook} is mode {oct(info.st_mode & 0o777)}"
    # A reload (a new kernel) brings the work back with nothing in the address.
    page = signed_in["ana"]
    page.reload()
    wait_for_app(page, PAGE_TIMEOUT_MS)
    assert page.get_by_role("textbox", name="Your name").input_value() == users["ana"].full_name


def _all_refused(request, hub: Hub, paths: list[str], secrets_: list[str]) -> None:
    """Every address answers 403 or 404 to this browser's cookies, with none of ``secrets_`` in the answer."""
    for path in paths:
        response = request.get(hub.url + path)
        text = response.text()
        assert response.status in (403, 404), f"{path} answered {response.status} at {response.url}"
        leaked = [secret for secret in secrets_ if secret in text]
        assert not leaked, f"{path} answered with {leaked}"


def test_no_user_can_reach_another_users_workbook_by_url(signed_in, users, hub):
    ana, ben = users["ana"], users["ben"]
    request = signed_in["ana"].context.request  # Ana's cookies
    up = "..%2F" * 8
    attempts = [
        f"/user/{ben.name}/",
        f"/user/{ben.name}/voila/render/00_start_here.ipynb",
        f"/user/{ben.name}/api/contents",
        f"/user/{ben.name}/api/kernels",
        f"/user/{ben.name}/files/{WORKBOOK}",
        f"/hub/api/users/{ben.name}",
        # and through her own server, out of its root folder to Ben's file
        f"/user/{ana.name}/files/{up}home%2F{ben.name}%2F{str(WORKBOOK).replace('/', '%2F')}",
        f"/user/{ana.name}/api/contents/{up}home%2F{ben.name}",
    ]
    # (a refusal may echo the path asked for, so look for the workbook's content, not its name)
    _all_refused(request, hub, attempts, [ben.full_name, '"profile"'])
    # Her own server still answers her, so the refusals above are about Ben, not a broken session.
    own = request.get(hub.url + f"/user/{ana.name}/api/contents")
    assert own.status == 200


def test_no_user_can_read_another_users_workbook_file(signed_in, users):
    for reader, owner in (("ana", "ben"), ("ben", "ana")):
        target = users[owner].workbook
        _wait_for_saved_name(users[owner])
        result = subprocess.run(["runuser", "-u", users[reader].name, "--", "cat", str(target)],
                                capture_output=True, text=True, check=False)
        assert result.returncode != 0 and "Permission denied" in result.stderr, (reader, owner, result)
        assert users[owner].full_name not in result.stdout
        # and the owner can, so the refusal is the operating system's doing, not a missing file
        own = subprocess.run(["runuser", "-u", users[owner].name, "--", "cat", str(target)],
                             capture_output=True, text=True, check=True)
        assert users[owner].full_name in own.stdout


def test_the_hub_trainer_group_sees_the_facilitator_notes_and_participants_do_not(signed_in, users, hub):
    notes = "For the facilitator"
    for key, expected in (("ben", 1), ("ana", 0)):
        page = signed_in[key]
        # Ana asks for them in the address too: on a hub only the trainer role shows them.
        page.goto(f"{hub.url}/user/{users[key].name}/voila/render/01_what_is_mentoring.ipynb?facilitator=1")
        wait_for_app(page, PAGE_TIMEOUT_MS)
        assert page.get_by_text(notes).count() == expected, key
        assert page_problems(page) == []


# -- a pair across the two accounts ---------------------------------------------------------------------------------

SEEN_WITHIN_MS = 60_000  # the other side's watcher looks every 2 s; two servers on 2 busy cores get slack
BEN_ENTRY = "Ben's log entry: first meeting, talked about the team rota"
ANA_CLAUSE = "Ana's clause: ten minutes of feedback at the end of each meeting"


def _open(page, hub: Hub, user: HubUser, notebook: str):
    page.goto(f"{hub.url}/user/{user.name}/voila/render/{notebook}")
    wait_for_app(page, PAGE_TIMEOUT_MS)
    return page


def _as_user(name: str, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", name, "--", *command], capture_output=True, text=True, check=False)


def _leave_typed(page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Tab")  # fields report their text when left


def _field_shows(page, text: str) -> None:
    page.wait_for_function("t => [...document.querySelectorAll('input, textarea')].some(f => f.value.includes(t))",
                           arg=text, timeout=SEEN_WITHIN_MS)


def test_a_mentee_and_a_mentor_on_two_accounts_pair_and_see_each_others_changes(signed_in, users, hub, shared_store):
    ana, ben = users["ana"], users["ben"]
    pages = {key: _open(signed_in[key], hub, users[key], START) for key in ("ana", "ben")}
    for key, page in pages.items():  # the first test names them; this one needs the names whichever runs first
        if page.get_by_role("textbox", name="Your name").input_value() != users[key].full_name:
            _leave_typed(page, "Your name", users[key].full_name)

    # Ana, the mentee, invites her mentor on her start page; Ben joins on his, in his own account.
    pages["ana"].get_by_role("button", name="My partner mentors me: invite them").click()
    code = pages["ana"].locator(".mk-invitation").inner_text(timeout=SEEN_WITHIN_MS).strip()
    assert re.fullmatch(r"pair(-[a-z0-9]{4}){3}", code)
    assert "signed in as themselves" in pages["ana"].inner_text("body")  # no personal code on a hub
    _leave_typed(pages["ben"], "Invitation from your partner", code)
    pages["ben"].get_by_role("button", name="Join my partner").click()
    pages["ben"].get_by_text(f"You are the mentor, paired with {ana.full_name} (mentee).").first.wait_for(
        timeout=SEEN_WITHIN_MS)
    pages["ana"].get_by_text(f"You are the mentee, paired with {ben.full_name} (mentor).").first.wait_for(
        timeout=SEEN_WITHIN_MS)
    for page in pages.values():
        assert page_problems(page) == []

    # The record is in the shared folder, for the group; each workbook stays in its own home, private.
    record_id = json.loads(ana.workbook.read_text(encoding="utf-8"))["partnership"]["id"]
    assert json.loads(ben.workbook.read_text(encoding="utf-8"))["partnership"]["id"] == record_id
    record = shared_store / "partnerships" / f"{record_id}.json"
    info = record.stat()
    assert stat.S_IMODE(info.st_mode) == 0o660 and info.st_gid == grp.getgrnam(PAIRS_GROUP).gr_gid
    for user in (ana, ben):
        assert stat.S_IMODE(user.workbook.stat().st_mode) == 0o600

    # Ben adds to the log: Ana's log page shows his entry.
    logs = {key: _open(pages[key], hub, users[key], LOG) for key in pages}
    _leave_typed(logs["ben"], "Mentoring activity", BEN_ENTRY)
    logs["ben"].get_by_role("button", name="Add to the log").click()
    logs["ana"].locator("table.mk-log").get_by_text(BEN_ENTRY).first.wait_for(timeout=SEEN_WITHIN_MS)
    assert ben.full_name in logs["ana"].locator("table.mk-log").inner_text()  # with its author

    # Ana changes a clause of the agreement: Ben's agreement page shows it.
    agreements = {key: _open(pages[key], hub, users[key], AGREEMENT) for key in pages}
    _leave_typed(agreements["ana"], "How we will give feedback and review progress", ANA_CLAUSE)
    _field_shows(agreements["ben"], ANA_CLAUSE)
    for page in agreements.values():
        assert page_problems(page) == []

    # On the machine: Ben opens the record by its name (his group may), but cannot list the shared folder, nor
    # read Ana's workbook; someone outside the programme's group cannot open the record even by its name.
    assert BEN_ENTRY in _as_user(ben.name, "cat", str(record)).stdout
    for folder in (shared_store, shared_store / "partnerships", shared_store / "invitations"):
        listing = _as_user(ben.name, "ls", "-a", str(folder))
        assert listing.returncode != 0 and "Permission denied" in listing.stderr, (folder, listing)
        assert record_id not in listing.stdout and code not in listing.stdout
    denied = _as_user(ben.name, "cat", str(ana.workbook))
    assert denied.returncode != 0 and "Permission denied" in denied.stderr
    assert ana.full_name not in denied.stdout
    with contextlib.suppress(KeyError):
        pwd.getpwnam("nobody")
        outsider = _as_user("nobody", "cat", str(record))
        assert outsider.returncode != 0 and "Permission denied" in outsider.stderr

    # ... and by URL, through the hub to Ana's server or out of his own server's folder.
    request = pages["ben"].context.request
    up = "..%2F" * 8
    quoted = str(WORKBOOK).replace("/", "%2F")
    attempts = [
        f"/user/{ana.name}/files/{WORKBOOK}",
        f"/user/{ana.name}/api/contents/{WORKBOOK}",
        f"/user/{ben.name}/files/{up}home%2F{ana.name}%2F{quoted}",
        f"/user/{ben.name}/api/contents/{up}{str(shared_store).lstrip('/').replace('/', '%2F')}%2Fpartnerships",
    ]
    _all_refused(request, hub, attempts, [record_id, '"profile"'])
