"""A forked worker doing pages' work ahead of MkDocs on the second core, one page at a time.

MkDocs builds pages one after another. The worker, forked with everything
MkDocs knows at that moment, goes through the same pages in the same order and
does `work` on each page nobody has taken yet; the parent, reaching a page,
takes the worker's result (waiting for it if the worker is on that page) or,
where the worker has not got that far, does the page itself. A byte per page,
in memory both processes share, says who took it; should both take a page in
the same instant, both do it, and the parent uses its own: the results are the
same. Each time the parent has to wait for the worker (the result it needs is
neither read nor waiting in the pipe), it takes the next page the worker has
not reached for itself: the two share the work in the measure each has time
for. Results come back through a pipe a page at a time, and the worker cannot
run further ahead than the pipe holds: memory does not grow with the site.

A worker that fails, or is stopped, leaves its pages to the parent; so does
one that sends nothing for `STUCK_SECONDS` while the parent waits (a fork in
`mkdocs serve`, whose server threads run on, could leave it waiting forever
on a lock one of them held).

The plugin forks one twice a build: to make the job families' pages
(generator/packed.py) and to convert them (generator/reuse.py).
"""

from __future__ import annotations

import fcntl
import mmap
import os
import pickle
import select
import struct
import warnings
from collections.abc import Callable, Sequence

FREE, WORKER, PARENT = 0, 1, 2  # who has taken a page
WORKERS = "LADDER_WORKERS"  # environment: 1 does everything in MkDocs' own process (to measure what workers save)
PIPE_BYTES = 1 << 20  # how far ahead the worker may run: about a hundred pages' results
_LENGTH = struct.Struct("<I")  # each result's frame starts with its length
_READ = 1 << 16
STUCK_SECONDS = 60.0  # far more than any one page takes


def second_core() -> bool:
    """Whether a worker has a core of its own (and LADDER_WORKERS does not ask for none)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores > 1 and os.environ.get(WORKERS) != "1"


class Worker:
    """The worker for pages `uris`, doing `work(index)` for each it takes (bytes, or None if the page failed)."""

    def __init__(self, uris: Sequence[str], work: Callable[[int], bytes | None]) -> None:
        self._index = {uri: i for i, uri in enumerate(uris)}
        self._taken = mmap.mmap(-1, max(1, len(uris)))  # anonymous and shared: the worker sees the parent's claims
        self._early: dict[str, bytes | None] = {}  # results read while waiting for another page's
        read, write = os.pipe()
        try:
            fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        except (AttributeError, OSError):  # not Linux, or more than this system allows: the default pipe
            pass
        with warnings.catch_warnings():  # Python 3.12+ warns of forking with threads: the worker takes no lock they hold
            warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to deadlocks", category=DeprecationWarning)
            self.pid = os.fork()
        if self.pid == 0:  # the worker, which leaves without running the parent's exit handlers
            os.close(read)
            self._run(uris, work, write)
        os.close(write)
        self._pipe, self._buffer = read, bytearray()
        self.open = True

    def _run(self, uris: Sequence[str], work: Callable[[int], bytes | None], write: int) -> None:
        status = 1
        try:
            with os.fdopen(write, "wb", buffering=0) as pipe:
                for index, uri in enumerate(uris):
                    if self._taken[index] != FREE:
                        continue
                    self._taken[index] = WORKER
                    try:
                        result = work(index)
                    except Exception:  # the parent does this page again, and reports what went wrong
                        result = None
                    frame = pickle.dumps((uri, result), protocol=pickle.HIGHEST_PROTOCOL)
                    data = memoryview(_LENGTH.pack(len(frame)) + frame)
                    while data:  # unbuffered: waits for room; a write a signal cuts short goes on from where it stopped
                        data = data[pipe.write(data) or 0 :]
            status = 0
        except BaseException:  # the parent stopped listening
            pass
        finally:
            os._exit(status)

    def take(self, uri: str) -> bytes | None:
        """The worker's result for `uri`, waited for if the worker has the page; None: the parent does it (it is the parent's now)."""
        index = self._index.get(uri)
        if index is None or not self.open:
            return None
        if self._taken[index] == FREE:
            self._taken[index] = PARENT
        if self._taken[index] == PARENT:
            return None
        reserved = False
        while uri not in self._early and self.open:
            frame = self._frame(wait=False)
            if frame is None and not reserved:  # to be waited for: the worker is behind,
                self._reserve_after(index)  # so the next page it has not taken is the parent's
                reserved = True
            if frame is None:
                frame = self._frame(wait=True)
            if frame is None:  # the worker died or is stuck: what it had not sent is the parent's
                self.stop()
                break
            found, result = frame
            self._early[found] = result
        return self._early.pop(uri, None)

    def _frame(self, *, wait: bool) -> tuple[str, bytes | None] | None:
        """The next result the worker sent; None if none is there yet (`wait` false) or the worker has gone."""
        while True:
            if len(self._buffer) >= _LENGTH.size:
                (length,) = _LENGTH.unpack_from(self._buffer)
                if len(self._buffer) >= _LENGTH.size + length:
                    frame = bytes(self._buffer[_LENGTH.size : _LENGTH.size + length])
                    del self._buffer[: _LENGTH.size + length]
                    try:
                        return pickle.loads(frame)
                    except Exception:
                        return None
            if not select.select([self._pipe], [], [], STUCK_SECONDS if wait else 0)[0]:
                return None  # nothing yet; or, waited for, a worker that is stuck (the caller stops it)
            chunk = os.read(self._pipe, _READ)
            if not chunk:  # the worker has closed its end
                return None
            self._buffer += chunk

    def _reserve_after(self, index: int) -> None:
        for later in range(index + 1, len(self._index)):
            if self._taken[later] == FREE:
                self._taken[later] = PARENT
                return

    def stop(self) -> None:
        if not self.open:
            return
        self.open = False
        os.close(self._pipe)
        self._early.clear()
        self._buffer.clear()
        try:
            os.kill(self.pid, 9)  # done by now, or no longer wanted
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
