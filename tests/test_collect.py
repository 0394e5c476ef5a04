"""Serving: the cycle collector waits while a rebuild runs and collects once the server is idle (generator/collect.py)."""

from __future__ import annotations

import gc
import time

from generator import collect


def _full_collections_during(action) -> int:
    seen = []

    def callback(phase, info):
        if phase == "stop" and info["generation"] == 2:
            seen.append(info)

    gc.callbacks.append(callback)
    try:
        action()
    finally:
        gc.callbacks.remove(callback)
    return len(seen)


def test_a_rebuild_runs_without_the_collector_and_its_cycles_are_collected_after():
    collector = collect.Collector()
    assert gc.isenabled()
    collector.pause()
    try:
        assert not gc.isenabled()
    finally:
        collector.resume()
    assert gc.isenabled()
    assert _full_collections_during(lambda: time.sleep(collect.IDLE_SECONDS + 1.5)) >= 1  # on the timer, while idle


def test_saves_faster_than_the_timer_collect_at_the_next_rebuild_and_only_once():
    collector = collect.Collector()
    collector.pause()
    collector.resume()
    assert _full_collections_during(collector.pause) == 1  # the timer had not run: the last rebuild's cycles go now
    collector.resume()
    collector._timer.cancel()
    collector._timer.join()


def test_a_collector_the_program_turned_off_stays_off():
    collector = collect.Collector()
    gc.disable()
    try:
        collector.pause()
        collector.resume()
        assert not gc.isenabled()
    finally:
        gc.enable()
