"""Deploy: the bundle `make deploy-bundle` writes, served by its own command, answers as
the local site does; the caching proxy (deploy/nginx.conf, Debian's nginx) serves the
same pages from its cache.  No container runtime: the Dockerfile's CMD is run with
this virtual environment's datasette, from the bundle folder."""

import contextlib
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, SERVE_BIN, _free_port, get, serving

sys.path.insert(0, str(ROOT / "deploy"))
import proxy as proxy_module  # noqa: E402

TIMING = re.compile(rb"Queries took [0-9.]+ms")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, built_db_path):
    out = tmp_path_factory.mktemp("deploy") / "bundle"
    result = subprocess.run([sys.executable, "deploy/bundle.py", "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


def serve_command(folder) -> list[str]:
    """The Dockerfile's CMD (shell form, run by sh -c as Docker does) on loopback instead of 0.0.0.0."""
    (cmd,) = [line[4:] for line in (folder / "Dockerfile").read_text().splitlines() if line.startswith("CMD ")]
    assert cmd.startswith("exec datasette serve ") and cmd.count("--host 0.0.0.0") == 1
    return ["sh", "-c", cmd.replace("--host 0.0.0.0", "--host 127.0.0.1")]


@contextlib.contextmanager
def serve_bundle(folder):
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "PATH": f"{SERVE_BIN}{os.pathsep}{os.environ['PATH']}"}
    process = subprocess.Popen(serve_command(folder), cwd=folder, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # The CMD execs datasette, so stopping this process stops the server itself.
    with serving(process, port, "the bundle") as base:
        yield base


def page(base: str, path: str) -> bytes:
    """A page's bytes with what legitimately differs between two servers taken out: its origin and timings."""
    response = get(base + path, timeout=30)
    assert response.status_code == 200, (base, path, response.status_code)
    return TIMING.sub(b"", response.content.replace(base.encode(), b"ORIGIN"))


def canned_queries() -> list[str]:
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    return list(metadata["databases"]["serrano"].get("queries") or {})


def test_the_bundle_holds_the_build_pinned_requirements_and_no_secret(bundle, built_db_path):
    for name in ("Dockerfile", "fly.toml", "requirements.txt", "metadata.json", "inspect-data.json", "serrano.db",
                 "bundle.json", "templates/index.html", "plugins/guards.py", "plugins/rebuilds.py"):
        assert (bundle / name).is_file(), name
    assert sorted(p.name for p in (bundle / "templates").rglob("*.html")) == \
        sorted(p.name for p in (ROOT / "templates").rglob("*.html"))
    assert json.loads((bundle / "metadata.json").read_text()) == yaml.safe_load((ROOT / "metadata.yml").read_text())

    digest = hashlib.sha256((bundle / "serrano.db").read_bytes()).hexdigest()
    assert digest == hashlib.sha256(built_db_path.read_bytes()).hexdigest()
    assert json.loads((bundle / "bundle.json").read_text())["database"]["sha256"] == digest
    assert json.loads((bundle / "inspect-data.json").read_text())["serrano"]["hash"] == digest

    dockerfile = (bundle / "Dockerfile").read_text()
    assert "FROM python:3.11.7-slim-bookworm" in dockerfile
    assert "RUN pip install --no-cache-dir -r requirements.txt" in dockerfile
    everything = b"".join(p.read_bytes() for p in bundle.rglob("*") if p.is_file() and p.suffix != ".db")
    assert b"DATASETTE_SECRET" not in everything and b"removed-by-deploy-bundle" not in everything
    assert not list(bundle.rglob("__pycache__"))

    from importlib.metadata import version
    pins = [line for line in (bundle / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[^\s=]+", line) for line in pins), pins
    for package in ("datasette", "datasette-vega", "datasette-template-sql", "uvicorn"):
        assert f"{package}=={version(package)}" in pins


def test_the_dockerfiles_inspect_step_writes_the_bundled_inspect_file(bundle, tmp_path):
    (step,) = [line[4:] for line in (bundle / "Dockerfile").read_text().splitlines()
               if line.startswith("RUN datasette inspect")]
    target = tmp_path / "inspect.json"
    command = shlex.split(step.replace("--inspect-file inspect-data.json", f"--inspect-file {target}"))
    subprocess.run([str(SERVE_BIN / command[0]), *command[1:]], cwd=bundle, check=True, capture_output=True)
    assert json.loads(target.read_text()) == json.loads((bundle / "inspect-data.json").read_text())


def test_the_bundle_serves_what_the_local_site_serves(bundle, live_server):
    queries = canned_queries()
    assert queries
    with serve_bundle(bundle) as served:
        for path in ("/", "/serrano/claims", f"/serrano/{queries[0]}", "/timeline"):
            assert page(served, path) == page(live_server, path), path
        for name in queries:
            path = f"/serrano/{name}.json?_shape=array"
            assert get(served + path).json() == get(live_server + path).json(), name
        counts = {base: {t["name"]: t["count"] for t in get(f"{base}/serrano.json").json()["tables"]}
                  for base in (served, live_server)}
        assert counts[served] == counts[live_server] and counts[served]["claims"] > 0
        assert get(f"{served}/-/settings.json").json() == get(f"{live_server}/-/settings.json").json()
        downloads = [get(f"{base}/serrano.db") for base in (served, live_server)]
        assert downloads[0].headers["etag"] == downloads[1].headers["etag"]
        assert hashlib.sha256(downloads[0].content).digest() == hashlib.sha256(downloads[1].content).digest()
        note = get(f"{served}/-/versions.json").json()["datasette"]["note"]
        assert downloads[0].headers["etag"].strip('"')[:12] in note


def test_the_caching_proxy_serves_the_same_pages_from_its_cache(live_server):
    with proxy_module.caching_proxy([live_server]) as proxy:
        for path in ("/", "/serrano/claims", f"/serrano/{canned_queries()[0]}"):
            first, second = (get(proxy.base + path) for _ in range(2))
            assert (first.headers["x-cache-status"], second.headers["x-cache-status"]) == ("MISS", "HIT"), path
            # Data pages are content-hashed (plugins/hashed_urls.py), cached for a year; the home page
            # must follow a rebuild, so a minute.
            expected = "max-age=60, public" if path == "/" else "max-age=31536000, public, immutable"
            assert second.headers["cache-control"] == expected, path
            assert "vary" not in second.headers
            assert page(proxy.base, path) == page(live_server, path), path
        # A reader's cookies do not split the cache nor make the page private: the site has no logins.
        with_cookie = get(proxy.base + "/", headers={"cookie": "ds_actor=x; analytics=1"})
        assert with_cookie.headers["x-cache-status"] == "HIT" and "private" not in with_cookie.headers["cache-control"]

        direct = get(f"{live_server}/serrano.db")
        for expected in ("MISS", "HIT"):
            download = get(f"{proxy.base}/serrano.db")
            assert download.headers["x-cache-status"] == expected
            assert download.headers["etag"] == direct.headers["etag"] and download.content == direct.content
        assert get(f"{proxy.base}/serrano.db", headers={"if-none-match": direct.headers["etag"]}).status_code == 304

        for _ in range(2):  # errors are not kept
            missing = get(f"{proxy.base}/serrano/no_such_table")
            assert missing.status_code == 404 and missing.headers["x-cache-status"] == "MISS"
        # nginx logs in batches: wait (with a deadline) until its log shows the hits counted above.
        assert proxy.verdicts(until=lambda verdicts: verdicts["HIT"] >= 6)["HIT"] >= 6
