"""Rebuilding under a running server (plugins/rebuilds.py): the real build, the real
`datasette .`, and a reader requesting pages and the database download all along.

Every download's bytes match its ETag, and what a reader sees never goes back to
the old build once the new one has shown: pages, ETag and bytes change together.
A database renamed into place without its inspect file is never served.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time

import httpx
import pytest
import yaml

from conftest import ROOT, serve_config_dir, get

SOURCE_ID = "ipu-ecu-92"
SWITCH_TIMEOUT_S = 10


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
    data = folder / "input"
    shutil.copytree(ROOT / "data", data)
    for name in ("metadata.yml", "settings.json"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("templates", "plugins"):
        shutil.copytree(ROOT / name, folder / name)
    build(data, folder)
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

    def run(self):
        while not self.stop.is_set():
            self.seen.append(("title", title(self.base)))
            self.seen.append(("download", download(self.base)))


def test_a_rebuild_under_the_running_server_switches_pages_etag_and_bytes_together(site):
    folder, data, base, stale = site
    assert not stale.exists(), "a killed server's pinned build was not removed at start-up"
    old_title, old_hash = title(base), download(base)[0]
    assert download(base) == (old_hash, old_hash)
    new_title = f"{old_title} (rebuilt)"
    retitle(data, new_title)

    reader = Reader(base)
    reader.start()
    time.sleep(0.3)
    new_hash = build(data, folder)  # the real build, renaming over the served files
    deadline = time.monotonic() + SWITCH_TIMEOUT_S
    while time.monotonic() < deadline and ("title", new_title) not in reader.seen[-4:]:
        time.sleep(0.1)
    time.sleep(0.3)
    reader.stop.set()
    reader.join(timeout=10)

    assert new_hash != old_hash
    generation = {("title", old_title): 0, ("download", (old_hash, old_hash)): 0,
                  ("title", new_title): 1, ("download", (new_hash, new_hash)): 1}
    unexpected = [seen for seen in reader.seen if seen not in generation]
    assert unexpected == [], f"a download disagreeing with its ETag, or an unknown page: {unexpected[:3]}"
    order = [generation[seen] for seen in reader.seen]
    assert order == sorted(order), "a reader saw the old build again after the new one"
    assert order[0] == 0 and order[-1] == 1, f"the new build did not take over within {SWITCH_TIMEOUT_S} s"
    assert len(reader.seen) >= 6  # a few rounds on each side of the switch (fewer on a loaded machine)

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

    for _ in range(10):  # each request notices the new file; none may serve it
        assert download(base) == (served_hash, served_hash)
        assert title(base) == served_title
        time.sleep(0.05)

    os.replace(tmp_path / "inspect-data.json", folder / "inspect-data.json")
    deadline = time.monotonic() + SWITCH_TIMEOUT_S
    while time.monotonic() < deadline and download(base)[0] != other:
        time.sleep(0.05)
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
    deadline = time.monotonic() + SWITCH_TIMEOUT_S
    while time.monotonic() < deadline and download(base)[0] != new_hash:
        time.sleep(0.1)
    assert new_hash != old_hash
    stale = httpx.get(old_url)
    assert stale.status_code == 302 and stale.headers["location"].startswith(f"/serrano-{new_hash[:7]}/")
    assert get(old_url).json()[0]["title"] == f"{old_title} (moved)"
    assert get(f"{base}/serrano.db").headers["etag"].strip('"') == new_hash
    assert get(f"{base}/serrano.db").url.path == f"/serrano-{new_hash[:7]}.db"
