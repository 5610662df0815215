"""Which workbook a page opens, saving after every change, and personal codes for a room served by Voilà."""

from __future__ import annotations

import json
import os
import socket
import threading

import pytest

from mentoringkit.session import (
    OWN_WORKBOOK_NAME,
    CodeError,
    in_voila,
    memory_session,
    open_session,
    request_query,
)
from mentoringkit.storage import WorkbookStore, backup_path, save_workbook
from mentoringkit.workbook import Profile, Workbook

# What Voilà 0.5 puts into a page's kernel environment (checked against a real server in test_serve.py).
VOILA = {"VOILA_REQUEST_URL": "http://127.0.0.1:8866/voila/render/00_start_here.ipynb",
         "SERVER_SOFTWARE": "voila/0.5.13", "QUERY_STRING": ""}
PLAIN: dict[str, str] = {}




def voila_env(query: str = "") -> dict[str, str]:
    return {**VOILA, "QUERY_STRING": query}


def saved(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# -- where the workbook comes from ---------------------------------------------


def test_own_jupyter_uses_my_workbook_in_the_data_folder(cur, data_dir):
    s = open_session(participant="Ana", role="mentee", curriculum=cur, environ=PLAIN)
    assert s.path == data_dir / OWN_WORKBOOK_NAME and not s.in_voila and s.code is None
    assert saved(s.path)["profile"]["name"] == "Ana"
    s.workbook.profile.partner_name = "Bo"
    s.save()
    again = open_session(curriculum=cur, environ=PLAIN)
    assert again.workbook.profile.partner_name == "Bo" and again.role == "mentee"


def test_explicit_workbook_path_wins_over_code_and_voila(cur, data_dir, tmp_path):
    target = tmp_path / "batch" / "p1.json"
    s = open_session(participant="Cy", role="mentor", workbook_path=str(target), code="kite-2222-3333-4444",
                     curriculum=cur, environ=voila_env("code=pine-2222-3333-4444"))
    assert s.path == target and s.code is None and s.problem is None
    assert saved(target)["profile"] == {**saved(target)["profile"], "name": "Cy", "role": "mentor"}


def test_parameters_fill_the_profile_only_where_it_is_empty(cur, data_dir, tmp_path):
    target = tmp_path / "p.json"
    save_workbook(Workbook(profile=Profile(name="Dee", role="both")), target)
    s = open_session(participant="Someone else", role="mentor", workbook_path=str(target), curriculum=cur)
    assert (s.workbook.profile.name, s.role) == ("Dee", "both")


def test_an_unknown_role_parameter_is_refused(cur, data_dir):
    with pytest.raises(ValueError, match="mentor, mentee, both"):
        open_session(role="boss", curriculum=cur, environ=PLAIN)


def test_voila_page_without_code_is_in_memory_until_a_code_is_issued(cur, data_dir):
    s = open_session(curriculum=cur, environ=voila_env())
    assert s.in_voila and s.path is None and not s.keeps_work
    s.workbook.profile.name = "Eve"
    s.save()
    assert not data_dir.exists() or not any(data_dir.rglob("*.json"))
    code = s.start_new_code()
    assert s.path == WorkbookStore().path_for(code)
    assert saved(s.path)["profile"]["name"] == "Eve"  # typed before the code, kept under it


def test_voila_page_with_code_in_the_address_opens_that_workbook(cur, data_dir):
    first = open_session(curriculum=cur, environ=voila_env())
    code = first.start_new_code()
    first.workbook.profile.name = "Fay"
    first.save()
    back = open_session(curriculum=cur, environ=voila_env(f"code={code.upper()}&x=1"))
    assert back.code == code and back.workbook.profile.name == "Fay" and back.problem is None


def test_unknown_code_in_the_address_says_so_and_creates_nothing(cur, data_dir):
    s = open_session(curriculum=cur, environ=voila_env("code=kite-2222-3333-4444"))
    assert s.path is None and s.code is None
    assert "No workbook is saved under the code kite-2222-3333-4444" in s.problem
    assert not (data_dir / "workbooks" / "kite-2222-3333-4444.json").exists()


def test_malformed_code_cannot_reach_the_file_system(cur, data_dir):
    s = open_session(curriculum=cur, environ=voila_env("code=../../etc/passwd"))
    assert s.path is None and "does not look like a personal code" in s.problem


def test_facilitator_mode_from_argument_or_address_with_the_trainer_key(cur, data_dir):
    from mentoringkit.trainer.access import ensure_trainer_key

    assert open_session(facilitator=True, curriculum=cur, environ=voila_env()).facilitator
    # In a served page the address alone is not enough: anyone can type ?facilitator=1.
    assert not open_session(curriculum=cur, environ=voila_env("facilitator=1")).facilitator
    key = ensure_trainer_key(data_dir)
    assert not open_session(curriculum=cur, environ=voila_env("facilitator=1&key=guess")).facilitator
    assert not open_session(curriculum=cur, environ=voila_env(f"facilitator=1&key={key[:-1]}")).facilitator
    s = open_session(curriculum=cur, environ=voila_env(f"facilitator=1&key={key}"))
    assert s.facilitator
    assert s.module_url("goals") == f"00_start_here.ipynb?module=goals&facilitator=1&key={key}"  # notes follow
    assert not open_session(curriculum=cur, environ=voila_env("facilitator=no")).facilitator


def test_numeric_dates_follow_the_course_else_the_browser_language(cur, data_dir):
    import dataclasses

    from mentoringkit.widgets.typed_fields import DateField, date_order

    assert cur.course.date_order is None  # the shipped course.yml leaves it to the browser
    us = open_session(curriculum=cur, environ={**voila_env(), "HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"})
    uk = open_session(curriculum=cur, environ={**voila_env(), "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"})
    unsaid = open_session(curriculum=cur, environ=voila_env())
    assert (us.date_order, uk.date_order, unsaid.date_order) == ("mdy", "dmy", "dmy")
    for session, words in ((us, "Thursday, March 4, 2027"), (uk, "Saturday 3 April 2027")):
        field = DateField("Target date", order=date_order(session))
        field.value = "03/04/2027"
        assert field.understood == words
    # A date order set in course.yml holds whatever the browser says; outside Voilà there is no browser to ask.
    fixed = dataclasses.replace(cur, course=dataclasses.replace(cur.course, date_order="dmy"))
    assert open_session(curriculum=fixed, environ={**voila_env(), "HTTP_ACCEPT_LANGUAGE": "en-US"}).date_order == "dmy"
    assert open_session(curriculum=cur, environ={**PLAIN, "HTTP_ACCEPT_LANGUAGE": "en-US"}).date_order == "dmy"


def test_voila_detection_and_query_parsing():
    assert in_voila(VOILA) and not in_voila(PLAIN)
    assert in_voila({"VOILA_PREHEAT": "False"})
    assert request_query(voila_env("code=a-b&code=kite-2222-3333-4444&facilitator=1")) == {
        "code": "kite-2222-3333-4444", "facilitator": "1"}
    # A CGI-style QUERY_STRING outside Voilà is not ours to read.
    assert request_query({"QUERY_STRING": "code=kite-2222-3333-4444"}) == {}


# -- links ------------------------------------------------------------------------


def test_module_links_carry_the_code_and_facilitator_mode(cur, data_dir):
    # A served page links into the app on the start page's address, which opens the module in place.
    s = open_session(curriculum=cur, environ=voila_env())
    assert s.module_url("goals") == "00_start_here.ipynb?module=goals"
    code = s.start_new_code()
    assert s.module_url("goals") == f"00_start_here.ipynb?module=goals&code={code}"
    s.facilitator = True
    assert s.module_url("start-here") == f"00_start_here.ipynb?code={code}&facilitator=1"
    with pytest.raises(ValueError, match="no module with id 'nope'"):
        s.module_url("nope")


def test_in_ones_own_jupyter_a_module_link_is_its_notebook(cur, data_dir):
    s = open_session(curriculum=cur, environ=PLAIN)
    assert s.module_url("goals") == "06_goals.ipynb" and s.module_url("start-here") == "00_start_here.ipynb"


# -- codes typed on the start page --------------------------------------------------


def test_switching_to_a_typed_code(cur, data_dir):
    owner = open_session(curriculum=cur, environ=voila_env())
    code = owner.start_new_code()
    owner.workbook.profile.name = "Gus"
    owner.save()
    visitor = open_session(curriculum=cur, environ=voila_env())
    seen = []
    visitor.observe(lambda s: seen.append(s.workbook.profile.name))
    visitor.switch_to_code(f"  {code.upper()} ")
    assert visitor.code == code and visitor.workbook.profile.name == "Gus" and seen == ["Gus"]


@pytest.mark.parametrize(("typed", "message"), [
    ("", "does not look like a personal code"),
    ("hello world", "does not look like a personal code"),
    ("kite-2222-3333-4444", "No workbook is saved under the code kite-2222-3333-4444"),
])
def test_bad_typed_codes_change_nothing(cur, data_dir, typed, message):
    s = open_session(curriculum=cur, environ=voila_env())
    s.workbook.profile.name = "Hal"
    with pytest.raises(CodeError, match=message):
        s.switch_to_code(typed)
    assert s.workbook.profile.name == "Hal" and s.code is None


def test_new_codes_differ(cur, data_dir):
    codes = {open_session(curriculum=cur, environ=voila_env()).start_new_code() for _ in range(5)}
    assert len(codes) == 5


# -- damaged files and failed saves ---------------------------------------------------


def test_damaged_workbook_is_reported_left_alone_and_restorable(cur, data_dir, tmp_path):
    target = tmp_path / "p.json"
    save_workbook(Workbook(profile=Profile(name="Ida")), target)
    save_workbook(Workbook(profile=Profile(name="Ida")), target)  # now a .bak exists
    target.write_text('{"schema_version": 2, "profile": {', encoding="utf-8")
    damaged = target.read_bytes()
    s = open_session(workbook_path=str(target), curriculum=cur)
    assert "could not be opened" in s.problem and s.backup == backup_path(target)
    s.workbook.profile.name = "typed meanwhile"
    s.save()  # must not overwrite the damaged file
    assert target.read_bytes() == damaged
    assert s.restore_backup()
    assert s.problem is None and s.workbook.profile.name == "Ida"
    s.workbook.profile.partner_name = "Jo"
    s.save()
    assert saved(target)["profile"]["partner_name"] == "Jo"


def test_a_failed_save_becomes_a_message_not_an_exception(cur, data_dir, tmp_path):
    if os.geteuid() == 0:
        # root ignores file permissions, so make the target unwritable by putting a folder in its place
        target = tmp_path / "p.json"
        s = open_session(workbook_path=str(target), curriculum=cur)
        target.unlink()
        target.mkdir()
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        s = open_session(workbook_path=str(locked / "p.json"), curriculum=cur)
        locked.chmod(0o500)
    s.workbook.profile.name = "Kim"
    s.save()
    assert s.problem.startswith("Your latest change could not be saved")


def test_memory_session_keeps_nothing(cur, data_dir):
    s = memory_session(role="mentor", curriculum=cur)
    s.workbook.profile.name = "Lu"
    s.save()
    assert s.role == "mentor" and s.path is None and not data_dir.exists()


def _serve_request_info(payload: dict, ready: threading.Event, port_box: list[int], seen_paths: list[str]) -> None:
    """A stand-in for Voilà's voila/query socket: hands one page request to the kernel that asks."""
    import asyncio

    import websockets

    async def answer(socket) -> None:
        seen_paths.append(socket.request.path)
        await socket.send(json.dumps(payload))

    async def main() -> None:
        async with websockets.serve(answer, "127.0.0.1", 0) as server:
            port_box.append(server.sockets[0].getsockname()[1])
            ready.set()
            await asyncio.sleep(5)

    asyncio.run(main())


def test_a_preheated_kernel_gets_the_page_request_from_voila(monkeypatch):
    ready, port_box, seen = threading.Event(), [], []
    payload = {"QUERY_STRING": "code=kite-2222-3333-4444", "SERVER_SOFTWARE": "voila/0.5.13"}
    threading.Thread(target=_serve_request_info, args=(payload, ready, port_box, seen), daemon=True).start()
    assert ready.wait(5)
    for name, value in {"VOILA_PREHEAT": "True", "VOILA_APP_PORT": str(port_box[0]), "VOILA_SERVER_URL": "/",
                        "VOILA_KERNEL_ID": "k-123"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("VOILA_WS_BASE_URL", raising=False)
    monkeypatch.delenv("VOILA_APP_IP", raising=False)
    assert request_query() == {"code": "kite-2222-3333-4444"}
    assert seen == ["/voila/query/k-123"]


def test_a_preheated_kernel_that_cannot_reach_voila_opens_without_a_code(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    for name, value in {"VOILA_PREHEAT": "True", "VOILA_APP_PORT": str(closed_port), "VOILA_KERNEL_ID": "k"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    assert request_query() == {}
