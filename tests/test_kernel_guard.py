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
