"""The fork pool the per-document steps run on (``build.common.executors.ProcessExecutor``).

Its workers share the build's heap copy-on-write.  The build's objects are frozen for the garbage
collector while the pool runs, so that a collection in a worker never writes to (and so copies)
what it inherited: at 10,000 times the seeds that heap is 10 GB.  The freeze must not outlive the
pool, or the build's own collections would never see those objects again.
"""

import gc
import multiprocessing
import os
import time

from build.common.executors import BACKGROUND_NICENESS, MIN_PARALLEL, Failure, ProcessExecutor, SerialExecutor


def _frozen_in_worker(shared, item):
    # The parent's objects, inherited by this forked worker, are in the permanent generation.
    return item, gc.get_freeze_count(), os.getpid()


def _fail_on_three(shared, item):
    if item == 3:
        raise ValueError("three")
    return item * shared


def test_a_worker_sees_the_builds_objects_frozen_and_the_build_gets_them_back():
    items = list(range(MIN_PARALLEL * 2))
    assert gc.get_freeze_count() == 0
    results = ProcessExecutor(2).map(_frozen_in_worker, None, items)
    assert [item for item, _, _ in results] == items  # in item order, whatever order they finished in
    assert all(frozen > 1000 for _, frozen, _ in results), results[:2]  # the test process's own objects
    assert {pid for _, _, pid in results} - {os.getpid()}, "the calls ran in forked workers"
    assert gc.get_freeze_count() == 0


def test_a_failing_call_comes_back_in_order_and_leaves_nothing_frozen():
    items = list(range(MIN_PARALLEL))
    pooled = ProcessExecutor(2).map(_fail_on_three, 10, items)
    serial = SerialExecutor().map(_fail_on_three, 10, items)
    assert [r if not isinstance(r, Failure) else str(r.error) for r in pooled] == \
           [r if not isinstance(r, Failure) else str(r.error) for r in serial] == [0, 10, 20, "three", 40, 50, 60, 70]
    assert gc.get_freeze_count() == 0


# Set in the test process only: a forked worker would inherit it, a started one imports this module afresh.
_SET_IN_THE_TEST_PROCESS: list = []


def _where_it_ran(shared, item):
    return item, os.nice(0), os.getpid(), len(_SET_IN_THE_TEST_PROCESS)


def _slowly(shared, item):
    time.sleep(60)
    return item


def test_work_started_in_the_background_runs_at_the_lowest_priority_in_started_processes():
    """What ``start`` runs takes only the cores the build leaves idle, and holds none of the build's heap."""
    _SET_IN_THE_TEST_PROCESS.append("the build's heap")
    items = list(range(MIN_PARALLEL * 2))
    executor = ProcessExecutor(2)
    try:
        results = executor.start(_where_it_ran, None, items).result()
    finally:
        executor.close()
        _SET_IN_THE_TEST_PROCESS.clear()
    assert [item for item, _, _, _ in results] == items  # in item order, whatever order they finished in
    assert {niceness for _, niceness, _, _ in results} == {BACKGROUND_NICENESS}
    assert os.getpid() not in {pid for _, _, pid, _ in results}
    assert {inherited for _, _, _, inherited in results} == {0}, "started, not forked"


def test_a_background_failure_comes_back_in_order_as_the_serial_one_does():
    items = list(range(MIN_PARALLEL))
    executor = ProcessExecutor(2)
    try:
        pooled = executor.start(_fail_on_three, 10, items).result()
    finally:
        executor.close()
    serial = SerialExecutor().start(_fail_on_three, 10, items).result()
    assert [r if not isinstance(r, Failure) else str(r.error) for r in pooled] == \
           [r if not isinstance(r, Failure) else str(r.error) for r in serial] == [0, 10, 20, "three", 40, 50, 60, 70]


def test_closing_the_executor_ends_background_work_nobody_waited_for():
    """A build that fails before it asks for its background work leaves no process behind."""
    executor = ProcessExecutor(2)
    executor.start(_slowly, None, list(range(MIN_PARALLEL)))
    started = time.monotonic()
    while len(multiprocessing.active_children()) < 2 and time.monotonic() - started < 30:
        time.sleep(0.05)
    workers = multiprocessing.active_children()
    assert len(workers) >= 2
    executor.close()
    assert not any(worker.is_alive() for worker in workers)
    assert time.monotonic() - started < 30, "ended, not waited for"


def _call_item(shared, item):
    return item()


def test_a_forked_worker_reads_each_item_from_what_it_inherited():
    """Only an index goes to a forked worker, never the item: an item that cannot be pickled at all (a
    lambda here; a parsed document is merely costly to pickle) still reaches it."""
    items = [(lambda n=n: n * n) for n in range(MIN_PARALLEL * 2)]
    assert ProcessExecutor(2).map(_call_item, None, items) == [n * n for n in range(MIN_PARALLEL * 2)]
