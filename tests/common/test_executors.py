"""The fork pool the per-document steps run on (``build.common.executors.ProcessExecutor``).

Its workers share the build's heap copy-on-write.  The build's objects are frozen for the garbage
collector while the pool runs, so that a collection in a worker never writes to (and so copies)
what it inherited: at 10,000 times the seeds that heap is 10 GB.  The freeze must not outlive the
pool, or the build's own collections would never see those objects again.
"""

import gc
import os

from build.common.executors import MIN_PARALLEL, Failure, ProcessExecutor, SerialExecutor


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
