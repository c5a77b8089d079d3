"""Where per-document work runs: in this process, on this machine's cores, or on a Dask cluster.

Every executor has one method, ``map(function, shared, items)``: ``[function(shared, item) for item
in items]``, in the order of ``items`` whatever order the work finishes in, so a build is the same
byte for byte on any executor (an exception comes back as a ``Failure`` in its place).  ``function`` is a module-level function of the build (a worker
imports it by name); ``shared`` is what every call needs (the vocabularies), sent once per worker;
each item is one document's inputs.  An error raised by a call (a ``BuildError`` naming a file and
entry, or a bug) comes back as a value and is raised in the calling process; when several calls
fail, the first in item order is raised, as a build in one process would.

* ``SerialExecutor``: in this process.
* ``ProcessExecutor``: a pool of forked processes, one per core (the default).  Forked, so the
  workers start with the build's modules already imported and ``shared`` already in memory.
* ``DaskExecutor``: the workers of a Dask ``distributed`` cluster (``--cluster ADDRESS``).  The
  workers must run the same loader code: each call compares the code's version
  (``build.common.cache.code_version``) with the one the build was started with, and a worker on
  other code fails the build in one line rather than returning outputs of other code.

Every executor also has ``start(function, shared, items)``: the same calls begun in the background,
whose ``result()`` waits for the list ``map`` would have returned.  On this machine the background calls
run in freshly started processes at the lowest scheduling priority (``BACKGROUND_NICENESS``): they take
only the cores the build leaves idle, which during its serial steps (grouping, the tables, the indexes)
is every core but the one that writes the database.  Started, not forked: a forked worker would keep
every page of the build's heap it inherited while the build goes on writing to them, a second copy of a
10 GB heap at 10,000 times the seeds; a started one holds only the items it is sent.

Grouping and publication never run here: they stay in the process that writes the database.
"""

import gc
import multiprocessing
import os

from .cache import ResultCache, code_version
from .errors import BuildError

# Fewer calls than this run in this process: a pool's start costs more than it saves.
MIN_PARALLEL = 8
# The niceness of background workers (``start``): 19, the lowest priority, so that a core the build's own
# processes want is theirs (a niced process gets about 1/70th of a core another process at 0 competes for).
BACKGROUND_NICENESS = 19


class Failure:
    """An exception raised by a call, carried back as a value (see the module docstring)."""

    def __init__(self, error: BaseException):
        self.error = error


def run_call(function, shared, item, expected_code: str | None = None):
    """One call, its exception returned as a ``Failure``; ``expected_code``: see ``DaskExecutor``."""
    try:
        if expected_code is not None and expected_code != code_version():
            raise BuildError("--cluster", f"a worker (process {os.getpid()}) runs other loader code than this "
                                          "build; start the workers from a checkout of the same commit")
        return function(shared, item)
    except Exception as error:  # noqa: BLE001: every failure is carried back, then raised in order
        return Failure(error)


def raise_first_failure(results: list) -> list:
    for result in results:
        if isinstance(result, Failure):
            raise result.error
    return results


class Deferred:
    """A result made when it is asked for: calls begun "in the background" where there is no background
    (run then), a cluster's futures (gathered then), outputs still to be taken from the cache and unpacked."""

    def __init__(self, compute):
        self._compute = compute

    def result(self) -> list:
        return self._compute()


class SerialExecutor:
    name = "serial"
    workers = 1

    def map(self, function, shared, items: list) -> list:
        return [run_call(function, shared, item) for item in items]

    def start(self, function, shared, items: list) -> Deferred:
        return Deferred(lambda: self.map(function, shared, items))

    def close(self) -> None:
        pass


# What the workers call: (function, shared, items), set just before a fork pool is made so that each
# worker inherits it (items included), or by a started worker's initializer (function and shared).
_TASK: tuple = ()


def _call_inherited(index: int):
    """A forked worker's call: the item is looked up in the list it inherited, only its index sent.  The
    items are parsed documents and pairs of them, which the worker already holds: pickling each to it
    was the busiest thread of the build's own process while the pool ran (at 1,000x the seeds, that
    process's CPU in collecting the claims and aligning went from 7.0 to 5.1 s)."""
    function, shared, items = _TASK
    return run_call(function, shared, items[index])


def _call_sent(item):
    """A started worker's call: the item came with it."""
    function, shared = _TASK
    return run_call(function, shared, item)


def _start_background_worker(function, shared) -> None:
    """A started background worker's initializer: its task, and the lowest priority."""
    global _TASK
    _TASK = (function, shared)
    os.nice(BACKGROUND_NICENESS)


class BackgroundPool:
    """A pool of started, niced workers running one ``map`` (``ProcessExecutor.start``)."""

    def __init__(self, workers: int, function, shared, items: list):
        context = multiprocessing.get_context("spawn")
        self._pool = context.Pool(workers, initializer=_start_background_worker, initargs=(function, shared))
        self._pending = self._pool.map_async(_call_sent, items, chunksize=_chunk(len(items), workers))

    def result(self) -> list:
        try:
            return self._pending.get()
        finally:
            self.stop()

    def stop(self) -> None:
        """End the workers, whether or not they are done (a build that failed before it asked)."""
        self._pool.terminate()
        self._pool.join()


def _chunk(count: int, workers: int) -> int:
    # Chunks of a few dozen: few round trips, and the last chunks still even out the cores.
    return max(1, min(64, count // (workers * 8)))


class ProcessExecutor:
    """A fork-based process pool made for each ``map`` (forked after ``shared`` exists)."""

    name = "processes"

    def __init__(self, workers: int | None = None):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._background: list[BackgroundPool] = []

    def map(self, function, shared, items: list) -> list:
        if self.workers == 1 or len(items) < MIN_PARALLEL:
            return SerialExecutor().map(function, shared, items)
        global _TASK
        _TASK = (function, shared, items)
        # The workers share the build's heap copy-on-write.  A full collection in a worker would write
        # to the header of every object it inherited and so copy the whole heap into each worker (at
        # 10,000 times the seeds, a 10 GB build forks workers here); frozen objects are never looked
        # at by the collector.  Unfrozen after, so the build's own collections see them again.
        gc.freeze()
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(min(self.workers, len(items))) as pool:
                results = pool.map(_call_inherited, range(len(items)), chunksize=_chunk(len(items), self.workers))
        finally:
            _TASK = ()
            gc.unfreeze()
        return results

    def start(self, function, shared, items: list):
        if self.workers == 1 or len(items) < MIN_PARALLEL:
            return SerialExecutor().start(function, shared, items)
        pool = BackgroundPool(min(self.workers, len(items)), function, shared, items)
        self._background.append(pool)
        return pool

    def close(self) -> None:
        for pool in self._background:  # done ones are already ended; a build that failed left the others
            pool.stop()
        self._background.clear()


class DaskExecutor:
    """The workers of a running Dask cluster (``distributed.Client(address)``)."""

    name = "dask"

    def __init__(self, address: str):
        try:
            from distributed import Client  # the optional 'cluster' extra: imported only when asked for
        except ImportError:
            raise BuildError("--cluster", "the Dask client is not installed: pip install -e '.[cluster]'") from None
        try:
            self.client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise BuildError("--cluster", f"cannot reach the scheduler at {address} ({error})") from None
        self.workers = max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))

    def map(self, function, shared, items: list) -> list:
        return self.start(function, shared, items).result()

    def start(self, function, shared, items: list):
        """The calls submitted to the cluster, which runs them while this process goes on."""
        if not items:
            return Deferred(list)
        # Sent once to every worker, then named by its future in each call.  Scattered inside a list:
        # a dict given to scatter is scattered value by value under its own keys ("persons", "offices"...),
        # the same names at every map, and a second map's scatter then raced the first one's cancel
        # ("Key lost during replication", the build failing on lost dependencies); in a list it is one
        # object under a key of its own.
        [shared_future] = self.client.scatter([shared], broadcast=True, hash=False)
        futures = self.client.map(run_call, [function] * len(items), [shared_future] * len(items), items,
                                  expected_code=code_version(), pure=False)

        def gather() -> list:
            try:
                return self.client.gather(futures)
            finally:
                self.client.cancel(futures + [shared_future])
        return Deferred(gather)

    def close(self) -> None:
        self.client.close()


def make_executor(workers: int | None = None, cluster: str | None = None):
    """The executor the command asked for: a cluster's address wins, else ``workers`` local processes
    (default: one per core; 1 runs everything in this process)."""
    if cluster:
        return DaskExecutor(cluster)
    if workers == 1:
        return SerialExecutor()
    return ProcessExecutor(workers)


class DocumentWork:
    """An executor and a cache together: what the pipeline hands the stages that work per document."""

    def __init__(self, executor=None, cache=None):
        self.executor = executor or SerialExecutor()
        self.cache = cache or ResultCache(None)

    def map(self, function, shared, items: list, keys: list, failures: bool = False) -> list:
        """``[function(shared, item) for item in items]``, each output taken from the cache when its key
        (``build.common.cache.content_key``; None: not cached) has a whole, authentic entry, the rest
        computed on the executor and kept.  A call that raised raises here (the first in item order),
        or with ``failures`` stays in its place as a ``Failure`` (never kept)."""
        results, todo = self._cached(keys)
        computed = self.executor.map(function, shared, [items[index] for index in todo])
        return self._completed(results, todo, keys, computed, failures)

    def start(self, function, shared, items: list, keys: list) -> Deferred:
        """``map``'s outputs, those not in the cache computed in the background (``Executor.start``) while
        this process goes on; ``result()`` waits for them, keeps them and raises the first failure."""
        results, todo = self._cached(keys)
        pending = self.executor.start(function, shared, [items[index] for index in todo])
        return Deferred(lambda: self._completed(results, todo, keys, pending.result(), failures=False))

    def _cached(self, keys: list) -> tuple[list, list[int]]:
        """The outputs the cache holds, in their places, and the indexes of those it does not."""
        results: list = [None] * len(keys)
        todo = []
        for index, key in enumerate(keys):
            hit, value = self.cache.get(key) if key is not None else (False, None)
            if hit:
                results[index] = value
            else:
                todo.append(index)
        return results, todo

    def _completed(self, results: list, todo: list[int], keys: list, computed: list, failures: bool) -> list:
        for index, value in zip(todo, computed):
            results[index] = value
            if keys[index] is not None and not isinstance(value, Failure):
                self.cache.put(keys[index], value)
        return results if failures else raise_first_failure(results)


LOCAL = DocumentWork()  # in this process, nothing kept: what a stage called on its own (a test) uses
