"""Page kernels send a short plain message instead of a traceback (the served-page test is in tests/browser)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# In a child process: the guard changes process-wide logging, which must not leak into this test session.
_SCRIPT = textwrap.dedent("""
    import io, logging, sys
    from IPython.core.interactiveshell import InteractiveShell
    from mentoringkit.app.kernel_guard import PAGE_ERROR_MESSAGE, keep_tracebacks_off_the_page

    shell = InteractiveShell.instance()
    assert keep_tracebacks_off_the_page(shell) is True
    assert keep_tracebacks_off_the_page(shell) is False  # once is enough
    out = io.StringIO()
    sys.stdout = out
    try:
        {}["method"]
    except KeyError:
        shell.showtraceback()  # what ipywidgets calls when a message from the page fails
    sys.stdout = sys.__stdout__
    err = io.StringIO()
    sys.stderr = err  # where a kernel's unconfigured loggers write (a kernel forwards it to the page)
    try:
        raise ValueError("/srv/secret/path")
    except ValueError:
        logging.getLogger("Comm").error("Exception in comm_msg for %s", "abc", exc_info=True)
    sys.stderr = sys.__stderr__
    print(repr(out.getvalue()))
    print(repr(err.getvalue()))
""")


def test_a_failure_shows_one_plain_sentence_and_no_traceback():
    result = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    shown, logged = result.stdout.splitlines()[-2:]
    for text in (shown, logged):
        assert "could not be handled and was ignored" in text
        assert "Traceback" not in text and "KeyError" not in text and "/srv/secret" not in text
        assert "site-packages" not in text


# ipykernel 7 looks up a message's comm on its shell-channel thread, to route it, before the main thread has handled
# the comm_open just ahead of it: a browser's widget manager opening its control comm and asking for every state
# at once got "No such comm" from there, and the page the plain sentence. Only the main thread's lookup may speak.
_ROUTING_SCRIPT = textwrap.dedent("""
    import io, logging, sys, threading
    from IPython.core.interactiveshell import InteractiveShell
    from comm.base_comm import CommManager
    from mentoringkit.app.kernel_guard import keep_tracebacks_off_the_page

    keep_tracebacks_off_the_page(InteractiveShell.instance())
    manager = CommManager()
    err = io.StringIO()
    sys.stderr = err
    routing = threading.Thread(target=manager.get_comm, args=("opened-just-before",))
    routing.start()
    routing.join()
    print(repr(err.getvalue()), file=sys.__stdout__)
    manager.get_comm("never-opened")  # the main thread handling a message for a comm that does not exist
    sys.stderr = sys.__stderr__
    print(repr(err.getvalue()))
""")


def test_the_routing_lookup_of_a_comm_opened_just_before_says_nothing_but_a_missing_comm_still_does():
    result = subprocess.run([sys.executable, "-c", _ROUTING_SCRIPT], capture_output=True, text=True, timeout=120,
                            cwd=REPO)
    assert result.returncode == 0, result.stderr
    after_routing, after_main = result.stdout.splitlines()[-2:]
    assert after_routing == "''"
    assert "could not be handled and was ignored" in after_main
    assert "never-opened" not in after_main
