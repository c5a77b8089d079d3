"""A source holding hostile markup builds, and every custom page shows it as text.

The hostile copy of data/ inserts <script> and an "><img onerror> breakout into
rendering B's text, its manifest title and description, and a curated claim
whose quote holds them and which takes part in a conflict; the site built from
it is served from its own config folder with this repository's metadata,
settings, templates and plugins.
"""

import json
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, screenshot, serve_config_dir
from build_helpers import repin

SCRIPT = "<script>window.__xss = (window.__xss || 0) + 1; alert('xss')</script>"
BREAKOUT = "\"><img src=x onerror=\"window.__xss = (window.__xss || 0) + 1; alert('img')\">"
HOSTILE = f"{SCRIPT}{BREAKOUT}"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("hostile-site")
    data = site / "data"
    shutil.copytree(ROOT / "data", data)
    source = data / "sources" / "wikipedia-rendering-b.txt"
    text = source.read_text(encoding="utf-8")
    sentence = "He served as Interior Minister from May 2012 until November 2016."
    assert sentence in text
    source.write_text(text.replace(sentence, f"{sentence} {HOSTILE}", 1), encoding="utf-8")
    repin(data, "wikipedia-rendering-b.txt")
    manifest = yaml.safe_load((data / "sources.yml").read_text())
    for entry in manifest["sources"]:
        if entry["id"] == "wikipedia-b":
            entry["description"] = f"{HOSTILE} {entry['description']}"
            entry["title"] = f"{SCRIPT} {entry['title']}"
    (data / "sources.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True))
    (data / "claims" / "zz-hostile.yml").write_text(
        "source: wikipedia-b\nclaims:\n"
        "  - id: zz-hostile-interior-start\n"
        "    term: Minister of the Interior\n"
        "    property: start_date\n"
        "    value: May 2012\n"
        f"    quote: {json.dumps(sentence + ' ' + SCRIPT)}\n"
        "    note: the quote holds a script tag on purpose\n"
    )
    result = subprocess.run([sys.executable, "-m", "build.cli", "--data", str(data), "--out", str(site / "serrano.db"),
                             "--quiet"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for name in ("metadata.yml", "settings.json"):
        shutil.copy(ROOT / name, site / name)
    for folder in ("templates", "plugins"):
        shutil.copytree(ROOT / folder, site / folder)
    with serve_config_dir(site) as base:
        yield base


def visit(page, url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert dialogs == [], f"a dialog fired on {url}: {dialogs}"
    assert page.evaluate("window.__xss || 0") == 0
    assert page.locator("img[src='x']").count() == 0
    return page.inner_text("body")


@pytest.mark.browser
def test_hostile_text_is_shown_escaped_on_every_custom_page(watched_page, hostile_site):
    page, _ = watched_page
    conflict = "terms-jose-serrano-salgado-minister-of-the-interior-1-start-date"
    for path, name in [("/", "xss-home"), ("/sources/wikipedia-b", "xss-source"), (f"/conflicts/{conflict}", "xss-conflict"),
                       ("/serrano/claims/zz-hostile-interior-start", "xss-claim-row"),
                       ("/persons/jose-serrano-salgado", "xss-person")]:
        body = visit(page, hostile_site + path)
        if name != "xss-person":  # the person page counts the claims; it quotes none of this source's words
            assert "<script>window.__xss" in body, path  # shown as text, not run
        screenshot(page, name)


@pytest.mark.browser
def test_hostile_text_is_shown_escaped_where_render_cell_links_it(watched_page, hostile_site):
    """The cells render_cell turns into links (plugins/serrano_links.py) and the search snippets it
    highlights hold the hostile text as text; the source reader's claim details are built as text too."""
    page, _ = watched_page
    for path, name in [("/serrano/search?q=xss", "xss-search"), ("/serrano/claims?source_id=wikipedia-b&_sort=id",
                                                                  "xss-claims-table"),
                       ("/serrano/conflicts?kind=date&source=", "xss-conflicts-query"),
                       ("/serrano/conflict_claims?claim_id=zz-hostile-interior-start", "xss-conflict-claims"),
                       ("/serrano/sources/wikipedia-b", "xss-source-row"), ("/about", "xss-about")]:
        body = visit(page, hostile_site + path)
        if path != "/about":
            assert "<script>" in body or "xss" in body.lower(), path
        screenshot(page, name)
    page.goto(hostile_site + "/sources/wikipedia-b#claim-zz-hostile-interior-start")
    page.wait_for_load_state("networkidle")
    page.locator("mark.claim[data-claims~='zz-hostile-interior-start']").first.click()
    assert page.locator("#claim-details").is_visible()
    assert page.evaluate("window.__xss || 0") == 0 and page.locator("img[src='x']").count() == 0
