"""Rebuilding under a running server (plugins/rebuilds.py): the real build, the real
`datasette .`, and a reader requesting pages and the database download all along.

Every download's bytes match its ETag, and what a reader sees never goes back to
the old build once the new one has shown: pages, ETag and bytes change together.
A database renamed into place without its inspect file is never served.  A link
handed out just before a rebuild keeps answering, and a take-over never collides
with Datasette's own catalogue (the last two in-process, where the test can stop a
request half-way or hold a lock on the catalogue).
"""

import asyncio
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

import httpx
import pytest
import yaml
from datasette import hookimpl

from conftest import ROOT, serve_config_dir, get

SOURCE_ID = "ipu-ecu-92"
SWITCH_TIMEOUT_S = 10


def wait_until(condition, timeout_s: float = SWITCH_TIMEOUT_S, what: str = "the condition"):
    """Poll ``condition`` until it holds; fail after ``timeout_s`` (a deadline against a hang, not a measure)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout_s} s"
        time.sleep(0.05)


def copy_site(folder):
    """A configuration folder like the repository root with its own copy of data/, built."""
    data = folder / "input"
    shutil.copytree(ROOT / "data", data)
    for name in ("metadata.yml", "settings.json"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("templates", "plugins"):
        shutil.copytree(ROOT / name, folder / name)
    build(data, folder)
    return data


def build(data, out_dir):
    result = subprocess.run([sys.executable, "-m", "build.cli", "--data", str(data), "--out", str(out_dir / "serrano.db"),
                             "--quiet"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads((out_dir / "inspect-data.json").read_text())["serrano"]["hash"]


def retitle(data, title):
    """A new build with different data: one source's title (free text) changed in the manifest."""
    manifest = yaml.safe_load((data / "sources.yml").read_text())
    (entry,) = [e for e in manifest["sources"] if e["id"] == SOURCE_ID]
    entry["title"] = title
    (data / "sources.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False))


def dead_pid() -> int:
    pid = 4_000_000  # above the default pid_max: no process has it
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A configuration folder like the repository root, built from a copy of data/, served by `datasette .`."""
    folder = tmp_path_factory.mktemp("rebuild-site")
    data = copy_site(folder)
    stale = folder / f".serving-{dead_pid()}-left"  # as a killed server leaves it
    stale.mkdir()
    os.link(folder / "serrano.db", stale / "serrano.db")
    with serve_config_dir(folder) as base:
        yield folder, data, base, stale
    assert not list(folder.glob(".serving-*")), "the server left its pinned builds behind"


def title(base) -> str:
    rows = get(f"{base}/serrano/sources.json", params={"_shape": "array", "id": SOURCE_ID}).json()
    return rows[0]["title"]


def download(base) -> tuple[str, str]:
    response = get(f"{base}/serrano.db")
    assert response.status_code == 200
    return response.headers["etag"].strip('"'), hashlib.sha256(response.content).hexdigest()


class Reader(threading.Thread):
    """Requests the source's page and the download in turn until stopped; records what each showed."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base, self.seen, self.stop = base, [], threading.Event()
        self.changed = threading.Condition()

    def run(self):
        while not self.stop.is_set():
            for seen in (("title", title(self.base)), ("download", download(self.base))):
                with self.changed:
                    self.seen.append(seen)
                    self.changed.notify_all()

    def wait_for(self, condition, what: str):
        """Block until ``condition(seen)`` holds (a deadline against a hang, not a measure)."""
        with self.changed:
            assert self.changed.wait_for(lambda: condition(self.seen), timeout=SWITCH_TIMEOUT_S), \
                f"the reader did not see {what} within {SWITCH_TIMEOUT_S} s"


def test_a_rebuild_under_the_running_server_switches_pages_etag_and_bytes_together(site):
    folder, data, base, stale = site
    assert not stale.exists(), "a killed server's pinned build was not removed at start-up"
    old_title, old_hash = title(base), download(base)[0]
    assert download(base) == (old_hash, old_hash)
    new_title = f"{old_title} (rebuilt)"
    retitle(data, new_title)

    reader = Reader(base)
    reader.start()
    reader.wait_for(lambda seen: len(seen) >= 2, "a page and a download of the old build")
    new_hash = build(data, folder)  # the real build, renaming over the served files
    reader.wait_for(lambda seen: ("title", new_title) in seen, "the new build's page")
    # Two more rounds after the switch: nothing of the old build may come back.
    switched = reader.seen.index(("title", new_title))
    reader.wait_for(lambda seen: len(seen) >= switched + 4, "two rounds after the switch")
    reader.stop.set()
    reader.join(timeout=10)

    assert new_hash != old_hash
    generation = {("title", old_title): 0, ("download", (old_hash, old_hash)): 0,
                  ("title", new_title): 1, ("download", (new_hash, new_hash)): 1}
    unexpected = [seen for seen in reader.seen if seen not in generation]
    assert unexpected == [], f"a download disagreeing with its ETag, or an unknown page: {unexpected[:3]}"
    order = [generation[seen] for seen in reader.seen]
    assert order == sorted(order), "a reader saw the old build again after the new one"
    assert order[0] == 0 and order[-1] == 1 and order.count(1) >= 4

    databases = get(f"{base}/-/databases.json").json()
    assert [(d["name"], d["hash"]) for d in databases] == [("serrano", new_hash)]
    assert get(f"{base}/serrano.db", headers={"if-none-match": f'"{new_hash}"'}).status_code == 304
    assert get(f"{base}/serrano.db", headers={"if-none-match": f'"{old_hash}"'}).status_code == 200
    assert len(list(folder.glob(".serving-*"))) == 1, "the old build's pinned link was not removed"


def test_a_database_renamed_in_without_its_inspect_file_is_not_served(site, tmp_path):
    folder, data, base, _ = site
    served_title, served_hash = title(base), download(base)[0]
    retitle(data, f"{served_title} (half published)")
    other = build(data, tmp_path)
    os.replace(tmp_path / "serrano.db", folder / "serrano.db")  # the database alone, as a half-finished deploy

    # A request makes the server notice the new file: it pins it (a second .serving-* folder) and
    # hashes it, then finds no inspect entry for it and keeps serving the previous build.
    assert download(base) == (served_hash, served_hash)
    wait_until(lambda: len(list(folder.glob(".serving-*"))) == 2, what="the new file being pinned")
    for _ in range(5):
        assert download(base) == (served_hash, served_hash)
        assert title(base) == served_title

    os.replace(tmp_path / "inspect-data.json", folder / "inspect-data.json")
    wait_until(lambda: download(base)[0] == other, what="the take-over once the inspect file came")
    assert download(base) == (other, other)
    assert title(base) == f"{served_title} (half published)"


def test_a_rebuild_moves_the_content_hashed_urls_and_no_stale_page_is_served(site, tmp_path):
    """plugins/hashed_urls.py: data pages live under /serrano-<hash>/, cacheable for a year; after a
    rebuild the old hash redirects to the new one, so no page of the old build is served again."""
    folder, data, base, _ = site
    old_hash = json.loads((folder / "inspect-data.json").read_text())["serrano"]["hash"]
    plain = httpx.get(f"{base}/serrano/sources.json", params={"_shape": "array", "id": SOURCE_ID})
    assert plain.status_code == 302 and plain.headers["location"].startswith(f"/serrano-{old_hash[:7]}/sources.json?")
    old_url = base + plain.headers["location"]
    hashed = httpx.get(old_url)
    assert hashed.headers["cache-control"] == "max-age=31536000, public, immutable"
    assert httpx.get(f"{base}/").headers["cache-control"] == "max-age=60, public"  # follows rebuilds
    old_title = hashed.json()[0]["title"]

    retitle(data, f"{old_title} (moved)")
    new_hash = build(data, folder)
    wait_until(lambda: download(base)[0] == new_hash, what="the take-over")
    assert new_hash != old_hash
    stale = httpx.get(old_url)
    assert stale.status_code == 302 and stale.headers["location"].startswith(f"/serrano-{new_hash[:7]}/")
    assert get(old_url).json()[0]["title"] == f"{old_title} (moved)"
    assert get(f"{base}/serrano.db").headers["etag"].strip('"') == new_hash
    assert get(f"{base}/serrano.db").url.path == f"/serrano-{new_hash[:7]}.db"


# --- in-process: a request stopped half-way through a take-over, a lock held on Datasette's catalogue ---

@pytest.fixture
def inprocess_site(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    return folder, copy_site(folder)


class HoldRequests:
    """A plugin for one test: the innermost ASGI wrapper, so a request carrying ``x-hold`` stops after
    every plugin has admitted it and before Datasette routes it, until the test releases it."""

    def __init__(self):
        self.__name__ = "test_hold_requests"  # Datasette lists plugins by their module's name
        self.held, self.release = asyncio.Event(), asyncio.Event()

    @hookimpl(tryfirst=True)
    def asgi_wrapper(self, datasette):
        def wrap(app):
            async def hold(scope, receive, send):
                if scope["type"] == "http" and dict(scope["headers"]).get(b"x-hold"):
                    self.held.set()
                    await self.release.wait()
                await app(scope, receive, send)

            return hold

        return wrap


async def served_hash(client) -> str:
    return (await client.get("/-/databases.json")).json()[0]["hash"]


async def wait_for_hash(client, expected: str):
    """Requests make the server notice a rebuild; poll until it serves ``expected`` (with a deadline)."""
    deadline = time.monotonic() + SWITCH_TIMEOUT_S
    while await served_hash(client) != expected:
        assert time.monotonic() < deadline, f"the server did not take {expected[:12]} over"
        await asyncio.sleep(0.05)


async def test_a_link_handed_out_before_a_rebuild_keeps_answering(inprocess_site):
    """7. 8 of 4,793 requests following the site's own redirect to /serrano-<hash>/... got 404 "Database
    not found" when a rebuild landed between the redirect and Datasette's lookup of the route.
    Now a request admitted under a build is answered from it; one arriving later with that hash is
    redirected to the new build."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    folder, data = inprocess_site
    hold = HoldRequests()
    pm.register(hold, name="test-hold-requests")
    try:
        ds = Datasette(config_dir=folder)  # its client's app is built here, with the wrapper above
    finally:
        pm.unregister(name="test-hold-requests")
    await ds.invoke_startup()
    client = ds.client
    old_hash = await served_hash(client)
    old_url = f"/serrano-{old_hash[:7]}/sources.json?_shape=array&id={SOURCE_ID}"
    old_title = (await client.get(old_url)).json()[0]["title"]

    request = asyncio.create_task(client.get(old_url, headers={"x-hold": "1"}))
    await asyncio.wait_for(hold.held.wait(), SWITCH_TIMEOUT_S)
    retitle(data, f"{old_title} (rebuilt)")
    new_hash = await asyncio.to_thread(build, data, folder)
    await wait_for_hash(client, new_hash)  # the new build has taken over, and pages have been served from it
    hold.release.set()
    response = await asyncio.wait_for(request, SWITCH_TIMEOUT_S)

    assert response.status_code == 200, response.status_code
    assert response.json()[0]["title"] == old_title  # from the build it was admitted under
    later = await client.get(old_url)
    assert later.status_code == 302 and later.headers["location"].startswith(f"/serrano-{new_hash[:7]}/")
    assert (await client.get(later.headers["location"])).json()[0]["title"] == f"{old_title} (rebuilt)"


async def test_a_take_over_never_collides_with_datasettes_catalogue(inprocess_site, capfd):
    """14. A rebuild under a running server once answered 500 "database table is locked: databases".
    Datasette's _internal is a shared-cache in-memory database: a write there collides at once with
    a read on another connection.  The take-over wrote to it outside Datasette's lock; it no longer
    writes to it, so a read held open throughout (as a catalogue refresh holds one) stops nothing."""
    from datasette.app import Datasette

    folder, data = inprocess_site
    ds = Datasette(config_dir=folder)
    await ds.invoke_startup()
    client = ds.client
    old_hash = await served_hash(client)  # Datasette has made and filled its catalogue
    internal = ds.get_database("_internal")
    catalogue = sqlite3.connect(f"file:{internal.memory_name}?mode=memory&cache=shared", uri=True)
    reading = catalogue.execute("select database_name from databases")
    assert reading.fetchone() is not None  # the statement is open: a read lock on the table
    try:
        capfd.readouterr()
        retitle(data, "a new title")
        new_hash = await asyncio.to_thread(build, data, folder)
        await wait_for_hash(client, new_hash)
        assert new_hash != old_hash
        assert "failed" not in capfd.readouterr().err
    finally:
        reading.close()
        catalogue.close()
