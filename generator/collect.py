"""Serving: Python's cycle collector waits while a rebuild runs, and runs once the server is idle.

A server that keeps the last build's pages, conversions and files holds millions
of objects, and a rebuild makes enough new ones that Python walks them all, once
or twice, in the middle of it: a few tenths of a second of the time from saving
a file to seeing the page. So during a rebuild the collector is paused, and
resumed after; the cycles the build left are collected a moment after it ended,
on a timer, while the reader looks at the page (or at the next build's start,
if saves come faster than that).
"""

from __future__ import annotations

import gc
import threading

IDLE_SECONDS = 1.0  # after a rebuild, before its cycles are collected: the browser has reloaded the page by then


class Collector:
    def __init__(self) -> None:
        self._timer: threading.Timer | None = None
        self._paused = False
        self._due = False  # the last rebuild's cycles are still to be collected

    def pause(self) -> None:
        """A rebuild starts: the collector waits (the last rebuild's cycles are collected first, if its timer has not run)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer.join()  # where it is collecting, until it is done
            self._timer = None
        if self._due:
            self._collect()
        if gc.isenabled():
            gc.disable()
            self._paused = True

    def resume(self) -> None:
        """The rebuild ended (or failed): the collector runs again, and collects once the server is idle."""
        if not self._paused:
            return
        gc.enable()
        self._paused, self._due = False, True
        self._timer = threading.Timer(IDLE_SECONDS, self._collect)
        self._timer.daemon = True
        self._timer.start()

    def _collect(self) -> None:
        gc.collect()
        self._due = False
