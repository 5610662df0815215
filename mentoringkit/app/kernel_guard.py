"""Page kernels never send a Python traceback to the browser.

A traceback names files and folders on the server (``site-packages`` paths, the data folder) and tells a
participant nothing they can act on. It reaches the page two ways, both closed here for Voilà page kernels:

- IPython's ``showtraceback``, which ipykernel and ipywidgets call when a message from the page or a widget
  callback fails: replaced by one that sends a short, plain message;
- log records with the exception attached (the comm managers log a failed ``comm_open`` that way), which a
  kernel writes to its stderr, and that stream is forwarded to the page: the exception is dropped from them.

The page stays usable; the message that failed is ignored.

One record is dropped rather than shortened: ipykernel 7's shell-channel thread looks up the comm of every
``comm_msg`` and ``comm_close`` to route it to a subshell, before the main thread has handled the ``comm_open``
sent just ahead of it. When a page opens a comm and writes to it at once (the widget manager's
``jupyter.widget.control`` comm and its ``request_states``, on every page load in a browser), that lookup finds no
comm yet and logs "No such comm", although the message is then handled normally. The main thread's own lookup,
when it handles the message, still logs a comm that really does not exist.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

__all__ = ["PAGE_ERROR_MESSAGE", "keep_tracebacks_off_the_page"]

#: All a page is told when something the browser sent could not be handled.
PAGE_ERROR_MESSAGE = ("Something on this page could not be handled and was ignored. Your saved work is not "
                      "affected; if the page stops responding, reload it.")


def keep_tracebacks_off_the_page(shell: Any = None) -> bool:
    """Install the short message on ``shell`` (default: the running IPython). Returns whether it was installed.

    Only for Voilà page kernels: in JupyterLab a self-studier keeps ordinary tracebacks.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - ipykernel brings IPython
            return False
        shell = get_ipython()
    if shell is None or getattr(shell, "_mentoringkit_plain_errors", False) or not hasattr(shell, "_showtraceback"):
        return False

    def showtraceback(*args: Any, **kwargs: Any) -> None:
        # ename "Error" and the plain sentence are all that leaves the kernel: no exception text either, since
        # that can hold a server path or a piece of someone's workbook.
        shell._showtraceback(_PageError, PAGE_ERROR_MESSAGE, [PAGE_ERROR_MESSAGE])

    shell.showtraceback = showtraceback
    shell._mentoringkit_plain_errors = True
    for name in _COMM_LOGGERS:
        # What the comm machinery logs is about a message the page sent ("No such comm: None"): the page is told
        # the one plain sentence instead, with or without an exception attached.
        logging.getLogger(name).addFilter(_PlainRecords(every_record=True))
    plain = _PlainRecords()
    for handler in [logging.lastResort, *logging.getLogger().handlers]:
        if handler is not None:
            handler.addFilter(plain)
    return True


#: The loggers of the comm machinery (comm.base_comm and ipykernel.comm.manager).
_COMM_LOGGERS = ("Comm", "ipykernel.comm")


class _PlainRecords(logging.Filter):
    """Keeps a log record but not the exception attached to it (its traceback would reach the page); with
    ``every_record``, every record it sees is reduced to the plain sentence."""

    def __init__(self, every_record: bool = False):
        super().__init__()
        self.every_record = every_record

    def filter(self, record: logging.LogRecord) -> bool:
        if _routing_lookup(record):
            return False
        if self.every_record or record.exc_info or record.exc_text or record.stack_info:
            record.exc_info, record.exc_text, record.stack_info = None, None, None
            record.msg, record.args = PAGE_ERROR_MESSAGE, ()
        return True


def _routing_lookup(record: logging.LogRecord) -> bool:
    """Whether ``record`` is the comm lookup ipykernel's shell-channel thread makes to route a message (see the
    module docstring): "No such comm" logged on a thread other than the main one, where messages are handled."""
    return record.msg == "No such comm: %s" and record.thread != threading.main_thread().ident


class _PageError(Exception):
    """Stands in for the real exception's type in the message a page receives."""


_PageError.__name__ = "Error"
