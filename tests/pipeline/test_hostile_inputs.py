"""Hostile input: malformed manifests, curated files and vocabularies never get a traceback.

A property-based test (Hypothesis) mutates the valid files, by structure (a value
replaced by junk of another type, a key dropped or invented) and by text (an
anchor, an alias bomb, a duplicated key, deep nesting, a cut in the middle), and
runs the real build command in-process on each.  Whatever the mutation, the
build either succeeds or fails with exactly one line on stderr, exit code 1,
and the previous serrano.db and inspect-data.json byte-identical.  The cases
the hostile-input issue lists are also pinned one by one.
"""

import contextlib
import io
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build.cli import main as build_main
from conftest import ROOT
from documents_helper import keep_only

FILES = ("sources.yml", "claims/ipu-ecu-92.yml", "vocabularies/persons.yml", "vocabularies/offices.yml",
         "vocabularies/events.yml")


@pytest.fixture(scope="module")
def small_data(tmp_path_factory):
    """data/ with only the IPU decision: a build takes tens of milliseconds, so thousands fit."""
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "data", folder / "data")
    keep_only(folder / "data", {"ipu-ecu-92"})
    originals = {name: (folder / "data" / name).read_text(encoding="utf-8") for name in FILES}
    out = folder / "out"
    out.mkdir()
    assert build(folder / "data", out)[0] == 0
    return folder / "data", out, originals


def build(data: Path, out: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--quiet"])
    return code, err.getvalue()


def outputs(out: Path) -> dict:
    return {name: (out / name).read_bytes() for name in ("serrano.db", "inspect-data.json")}


def check_build(data: Path, out: Path) -> None:
    """The contract: success, or one line, exit 1, and the outputs untouched; never a traceback."""
    before = outputs(out)
    code, err = build(data, out)
    if code == 0:
        return
    assert code == 1, err  # 2 would be an internal error: a bug the input found
    assert err.count("\n") == 1 and err.startswith("build failed: "), err
    assert "Traceback" not in err
    assert outputs(out) == before
    assert not list(out.glob(".build-*"))


# --- structural mutations of the parsed YAML ------------------------------------------------

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.sampled_from(["", " ", "../../etc/passwd", "wiki/b", "<script>x</script>",
                                           "2016-02-30", "31 February 2016", "x" * 50_000, "jose-serrano-salgado",
                                           "sources/ipu-ecu-92-decision.txt", "/dev/zero", "NaN"]),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=10)), max_size=3),
    st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.integers(), st.text(max_size=8)), max_size=3),
)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, prefix + (index,))


def mutate(tree, path, action, junk):
    if not path:
        return junk if action != "delete" else None
    parent = tree
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "replace":
        parent[last] = junk
    elif action == "delete":
        del parent[last]
    elif action == "add" and isinstance(parent, dict):
        parent[f"unknown_{len(parent)}" if not isinstance(junk, str) or not junk else junk[:20]] = junk
    elif action == "add" and isinstance(parent, list):
        parent.insert(last, junk)
    return tree


@st.composite
def structural(draw, originals):
    name = draw(st.sampled_from(FILES))
    tree = yaml.safe_load(originals[name])
    all_paths = list(paths(tree))
    path = draw(st.sampled_from(all_paths))
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    tree = mutate(tree, path, action, draw(JUNK))
    return name, yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


# --- textual mutations -----------------------------------------------------------------------------

TEXT_ATTACKS = [
    lambda t, n: t + "\nextra: &a [x, x]\nmore: *a\n",
    lambda t, n: "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
    lambda t, n: "[" * 30_000 + "]" * 30_000,
    lambda t, n: t[: max(0, len(t) * (n % 97) // 97)],
    lambda t, n: t.replace("\n  - id:", "\n  - id: dup\n    id:", 1),
    lambda t, n: t.replace("  ", "\t", 1),
    lambda t, n: "\ufeff" + t,
    lambda t, n: t.replace(": ", ": {", 1),
    lambda t, n: "",
    lambda t, n: "- just\n- a list\n",
    lambda t, n: t.replace("\n", "\n" + " " * (n % 7), 3),
]


@st.composite
def textual(draw, originals):
    name = draw(st.sampled_from(FILES))
    attack = draw(st.sampled_from(TEXT_ATTACKS))
    return name, attack(originals[name], draw(st.integers(0, 10_000)))


def test_thousands_of_malformed_inputs_never_get_a_traceback(small_data):
    data, out, originals = small_data

    # Derandomized, so CI runs the same 1,500 cases every time; HOSTILE_SEED=<n> explores others.
    seed = os.environ.get("HOSTILE_SEED")
    @settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", 1500)), deadline=None, database=None,
              derandomize=seed is None, suppress_health_check=list(HealthCheck))
    @given(st.one_of(structural(originals), textual(originals)))
    def run(case):
        name, text = case
        try:
            (data / name).write_text(text, encoding="utf-8")
            check_build(data, out)
        finally:
            (data / name).write_text(originals[name], encoding="utf-8")

    if seed is not None:
        from hypothesis import seed as hypothesis_seed
        run_seeded = hypothesis_seed(int(seed))(run)
        run_seeded()
    else:
        run()


# --- the listed cases, one by one ---------------------------------------------------------------------

CLAIM = """\
source: ipu-ecu-92
claims:
  - id: zz-1
    term: Minister of the Interior
    property: end_date
    value: "2016"
    quote: From 2011 to 2016, he served as Minister of the Interior
"""


def with_claim(line_from, line_to):
    return CLAIM.replace(line_from, line_to)


LISTED = {
    "a list where text is expected (source)": ("claims/zz.yml", CLAIM.replace("source: ipu-ecu-92", "source: [ipu-ecu-92]"),
                                               "source: Input should be a valid string"),
    "a list where text is expected (property)": ("claims/zz.yml", with_claim("property: end_date", "property: [end_date]"),
                                                 "property: Input should be a valid string"),
    "a list as a note": ("claims/zz.yml", CLAIM + "    note: [a, b]\n", "note: Input should be a valid string"),
    "holding: true": ("claims/zz.yml", CLAIM + "    holding: true\n", "holding: Input should be a valid integer"),
    "two unknown keys of different types": ("claims/zz.yml", CLAIM + "    1: x\n    zz: y\n", "Keys should be strings"),
    "a duplicate key in an entry": ("claims/zz.yml", CLAIM + "    value: \"2011\"\n", "given twice"),
    "an alias bomb": ("claims/zz.yml", "a: &a [x,x,x,x]\nb: &b [*a,*a,*a,*a]\n" + CLAIM, "anchors and aliases"),
    "a list nested 30,000 deep": ("claims/zz.yml", "[" * 30_000 + "]" * 30_000, "nested more than"),
    "a claims file named .yaml is read": ("claims/zz.yaml", with_claim("term: Minister of the Interior",
                                                                       "term: Minister of Fisheries"),
                                          "'Minister of Fisheries' matches no entry"),
    "a claim id with a space": ("claims/zz.yml", with_claim("id: zz-1", "id: zz 1"), "lower-case slug"),
}


@pytest.mark.parametrize("case", sorted(LISTED))
def test_each_listed_malformed_input_fails_in_one_line(small_data, case):
    data, out, originals = small_data
    name, text, expected = LISTED[case]
    path = data / name
    path.write_text(text, encoding="utf-8")
    try:
        before = outputs(out)
        code, err = build(data, out)
        assert code == 1 and err.count("\n") == 1, err
        assert outputs(out) == before
        if expected:
            assert expected in err, err
    finally:
        path.unlink()


VOCABULARY_CASES = {
    "aliases: 5": ("    aliases: [Correa, President Correa, President Rafael Correa]", "    aliases: 5",
                   "aliases: Input should be a valid list"),
    "aliases as one string": ("    aliases: [Correa, President Correa, President Rafael Correa]", "    aliases: Correa",
                              "aliases: Input should be a valid list"),
    "a null alias": ("    aliases: [Correa, President Correa, President Rafael Correa]", "    aliases: [Correa, null]",
                     "Input should be a valid string"),
    "an empty alias": ("    aliases: [Correa, President Correa, President Rafael Correa]", '    aliases: [Correa, ""]',
                       "at least 1 character"),
    "a person id that is no slug": ("  - id: rafael-correa", "  - id: Rafael Correa", "lower-case slug"),
}


@pytest.mark.parametrize("case", sorted(VOCABULARY_CASES))
def test_each_malformed_vocabulary_entry_fails_in_one_line(small_data, case):
    data, out, originals = small_data
    old, new, expected = VOCABULARY_CASES[case]
    path = data / "vocabularies" / "persons.yml"
    assert old in originals["vocabularies/persons.yml"]
    path.write_text(originals["vocabularies/persons.yml"].replace(old, new), encoding="utf-8")
    try:
        before = outputs(out)
        code, err = build(data, out)
        assert code == 1 and err.count("\n") == 1 and "data/vocabularies/persons.yml" in err, err
        assert expected in err, err
        assert outputs(out) == before
    finally:
        path.write_text(originals["vocabularies/persons.yml"], encoding="utf-8")


@pytest.mark.parametrize("target, expected", [
    ("../sources.yml", "must be a path inside data/sources/"),
    ("/etc/hostname", "must be a path inside data/sources/"),
    ("sources/link", "leads outside data/sources/"),
    ("sources/fifo", "is not a regular file"),
    ("sources/huge.txt", "the limit is"),
])
def test_a_source_file_must_be_a_small_regular_file_inside_data_sources(small_data, target, expected):
    data, out, originals = small_data
    sources = data / "sources"
    (sources / "link").symlink_to("/etc/hostname")
    os.mkfifo(sources / "fifo")
    with (sources / "huge.txt").open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)
    manifest = data / "sources.yml"
    manifest.write_text(originals["sources.yml"].replace("file: sources/ipu-ecu-92-decision.txt", f"file: {target}"))
    try:
        before = outputs(out)
        code, err = build(data, out)
        assert code == 1 and err.count("\n") == 1 and expected in err, err
        assert outputs(out) == before
    finally:
        manifest.write_text(originals["sources.yml"])
        for name in ("link", "fifo", "huge.txt"):
            (sources / name).unlink()


@pytest.mark.parametrize("source_id", ["wiki/b", "wiki b&c", "<script>x</script>", ""])
def test_a_source_id_must_be_a_slug(small_data, source_id):
    data, out, originals = small_data
    manifest = data / "sources.yml"
    manifest.write_text(originals["sources.yml"].replace("id: ipu-ecu-92", f"id: {yaml.safe_dump(source_id).strip().removesuffix('...').strip()}", 1))
    try:
        code, err = build(data, out)
        assert code == 1 and err.count("\n") == 1 and ("lower-case slug" in err or "id:" in err), err
    finally:
        manifest.write_text(originals["sources.yml"])


def test_a_full_disk_is_one_line_and_loses_nothing(small_data, tmp_path):
    """The build writes its database under a file-size limit (as on a full disk): one line, no traceback."""
    data, out, _ = small_data
    target = tmp_path / "site"
    shutil.copytree(out, target)
    before = outputs(target)

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    result = subprocess.run([sys.executable, "-m", "build.cli", "--data", str(data), "--out",
                             str(target / "serrano.db"), "--quiet"], cwd=ROOT, capture_output=True, text=True,
                            preexec_fn=limit)
    assert result.returncode == 1, result
    assert result.stderr.count("\n") == 1 and "cannot write the database" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert outputs(target) == before
    assert not list(target.glob(".build-*"))


def test_a_curated_id_equal_to_an_infobox_claim_id(tmp_path, data_copy):
    (data_copy / "claims" / "zz.yml").write_text(textwrap.dedent("""\
        source: wikipedia-a
        claims:
          - id: wikipedia-a-infobox-2-term-start
            term: Minister of the Interior
            property: end_date
            value: 15 November 2016
            quote: He was Minister of the Interior from 13 May 2011 to 15 November 2016.
        """))
    code, err = build(data_copy, tmp_path)
    assert code == 1 and err.count("\n") == 1, err
    assert "data/claims/zz.yml: entry at line 3: claim id 'wikipedia-a-infobox-2-term-start' is the id the build " \
           "gives the infobox claim of wikipedia-a" in err


# --- hand-edited YAML files that are no regular files, or larger than they say (issue 24, item 8) ---------

YAML_FILES = ("sources.yml", "vocabularies/persons.yml", "claims/zz.yml")


def _make_special(path: Path, kind: str) -> None:
    if kind == "a FIFO":
        os.mkfifo(path)
    elif kind == "a symbolic link to a character device":
        path.symlink_to("/dev/zero")
    elif kind == "a directory":
        path.mkdir()


def _limited(seconds: int = 60, memory: int = 1 << 30):
    """A build run as a child under a CPU-time and memory limit: on code that reads a FIFO or /dev/zero it
    hangs or grows, and must neither hang the suite nor take the machine's memory."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    return limit


@pytest.mark.parametrize("kind", ["a FIFO", "a symbolic link to a character device", "a directory"])
@pytest.mark.parametrize("name", YAML_FILES)
def test_a_yaml_file_that_is_no_regular_file_is_refused_before_it_is_read(small_data, name, kind):
    data, out, originals = small_data
    path = data / name
    original = path.read_bytes() if path.exists() else None
    path.unlink(missing_ok=True)
    _make_special(path, kind)
    try:
        before = outputs(out)
        # A child process with a deadline: on code that opens a FIFO for reading, the build never ends.
        result = subprocess.run([sys.executable, "-m", "build.cli", "--data", str(data), "--out",
                                 str(out / "serrano.db"), "--quiet"], cwd=ROOT, capture_output=True, text=True,
                                timeout=60, preexec_fn=_limited())
        assert result.returncode == 1, result
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
        assert f"data/{name}: the file is not a regular file (it is {kind})" in result.stderr, result.stderr
        assert outputs(out) == before
        assert not list(out.glob(".build-*"))
    finally:
        path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
        if original is not None:
            path.write_bytes(original)


def test_a_yaml_file_larger_than_the_limit_is_refused_before_it_is_read(small_data):
    data, out, originals = small_data
    path = data / "claims" / "zz.yml"
    with path.open("wb") as handle:  # sparse: 21 MB that take no disk and no time to write
        handle.truncate(21 * 1024 * 1024)
    try:
        before = outputs(out)
        code, err = build(data, out)
        assert code == 1 and err.count("\n") == 1, err
        assert "data/claims/zz.yml: the file is 22,020,096 bytes; the limit is 20,971,520" in err, err
        assert outputs(out) == before
    finally:
        path.unlink()


def test_a_yaml_file_is_read_no_further_than_the_limit_whatever_its_size_says(small_data, tmp_path, monkeypatch):
    """A /proc file is a regular file whose size says 0 bytes, as a file still growing may say less than
    it holds: the read itself stops one byte past the limit, instead of trusting the size."""
    data, out, originals = small_data
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    (copy / "sources.yml").unlink()
    (copy / "sources.yml").symlink_to("/proc/self/status")
    assert os.stat(copy / "sources.yml").st_size == 0 and len(Path("/proc/self/status").read_bytes()) > 600
    monkeypatch.setattr("build.common.yamlio.MAX_BYTES", 500)
    before = outputs(out)
    code, err = build(copy, out)
    assert code == 1 and err.count("\n") == 1, err
    assert "data/sources.yml: the file holds more than the limit of 500 bytes (its size said 0" in err, err
    assert outputs(out) == before


# --- a manifest file: path that no file can have, each problem named with its entry (item 9) ------------

LONG_NAME = "a" * 256 + ".txt"
PATH_PROBLEMS = {
    "a NUL byte": ('"sources/ipu\\0.txt"', "file: contains a NUL byte (\\x00), which no file name can hold"),
    "a tab": ('"sources/ipu\\t.txt"', "file: contains a control character (U+0009)"),
    "a name over 255 bytes": (f"sources/{LONG_NAME}", "is 260 bytes in UTF-8; a file or folder name may have at "
                                                      "most 255"),
    "the sources folder itself": ("sources/", "file: 'sources/' names the folder data/sources/ itself"),
    "a folder inside it": ("sources/folder", "file data/sources/folder is not a regular file (it is a directory)"),
    "a path through a file": ("sources/ipu-ecu-92-decision.txt/x", "file data/sources/ipu-ecu-92-decision.txt/x "
                                                                   "cannot be read: a part of its path is a file"),
}


@pytest.mark.parametrize("case", sorted(PATH_PROBLEMS))
def test_each_path_problem_of_a_manifest_file_is_named_with_its_entry(small_data, case):
    data, out, originals = small_data
    written, expected = PATH_PROBLEMS[case]
    manifest = data / "sources.yml"
    manifest.write_text(originals["sources.yml"].replace("file: sources/ipu-ecu-92-decision.txt", f"file: {written}"))
    (data / "sources" / "folder").mkdir()
    try:
        before = outputs(out)
        code, err = build(data, out)
        assert code == 1 and err.count("\n") == 1, err  # 2 was an internal error, naming no entry
        assert err.startswith("build failed: data/sources.yml: entry 1 (id ipu-ecu-92) at line ") and expected in err, err
        assert outputs(out) == before
    finally:
        manifest.write_text(originals["sources.yml"])
        (data / "sources" / "folder").rmdir()


def test_a_file_name_not_representable_in_utf8_is_named():
    """libyaml refuses a lone surrogate's escape in a file, so only PyYAML's pure-Python parser could hand
    one over: pydantic refuses such a string all the same, before the file system sees it."""
    from build.common.errors import BuildError
    from build.common.inputs import validate
    from build.sources.manifest import ManifestEntry

    entry = yaml.safe_load(textwrap.dedent("""\
        id: a
        file: "sources/a\\udc80.txt"
        sha256: 292461bf4c73b117520f4ab830e4dabccef866b57eeb3629cb2884761c0d1c64
        kind: ipu_decision
        title: t
        publisher: p
        language: en
        license: null
        notes: n
        about: null
        document: d
        revision: 1
        """))
    assert entry["file"] == "sources/a\udc80.txt"
    with pytest.raises(BuildError) as raised:
        validate(ManifestEntry, entry, "data/sources.yml", "entry 1 (id a) at line 16")
    assert "entry 1 (id a) at line 16: file: Input should be a valid string, unable to parse raw data as a unicode " \
           "string" in str(raised.value)


# --- each pattern its own message (item 10) -------------------------------------------------------------

PATTERN_CASES = {
    "language: english": ("language: en", "language: english",
                          "language: must be a BCP 47 language tag"),
    "sha256: xyz": ("sha256: 292461bf4c73b117520f4ab830e4dabccef866b57eeb3629cb2884761c0d1c64", "sha256: xyz",
                    "sha256: must be a sha256 digest: 64 hexadecimal digits"),
    "a 63-digit sha256": ("sha256: 292461bf4c73b117520f4ab830e4dabccef866b57eeb3629cb2884761c0d1c64",
                          "sha256: 292461bf4c73b117520f4ab830e4dabccef866b57eeb3629cb2884761c0d1c6",
                          "sha256: must be a sha256 digest: 64 hexadecimal digits"),
    "id: Wiki A": ("id: ipu-ecu-92", "id: Wiki A", "id: must be a lower-case slug"),
    "document: IPU/92": ("document: ipu-case-ecu-92", "document: IPU/92", "document: must be a lower-case slug"),
}


@pytest.mark.parametrize("case", sorted(PATTERN_CASES))
def test_each_pattern_constrained_field_says_what_it_expects(small_data, case):
    data, out, originals = small_data
    old, new, expected = PATTERN_CASES[case]
    manifest = data / "sources.yml"
    assert old in originals["sources.yml"]
    manifest.write_text(originals["sources.yml"].replace(old, new, 1))
    try:
        before = outputs(out)
        code, err = build(data, out)
        assert code == 1 and err.count("\n") == 1 and "data/sources.yml: entry 1" in err, err
        assert expected in err, err
        field = expected.split(":")[0]
        assert "lower-case slug" not in err or field in ("id", "document"), err
        assert outputs(out) == before
    finally:
        manifest.write_text(originals["sources.yml"])


def _strict_models():
    import build.pipeline  # noqa: F401  (imports every module declaring a model)
    from build.common.inputs import Strict

    found, todo = [], [Strict]
    while todo:
        model = todo.pop()
        found.append(model)
        todo.extend(model.__subclasses__())
    return found


def _patterns(schema):
    if isinstance(schema, dict):
        if isinstance(schema.get("pattern"), str):
            yield schema["pattern"]
        for value in schema.values():
            yield from _patterns(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _patterns(value)


def test_every_pattern_a_schema_declares_has_its_own_words():
    from build.common.inputs import PATTERN_MEANINGS

    declared = {pattern for model in _strict_models() for pattern in _patterns(model.model_json_schema())}
    assert len(declared) >= 3  # slug, sha256, language: the walk really saw the models
    assert declared <= set(PATTERN_MEANINGS), declared - set(PATTERN_MEANINGS)
    assert len(set(PATTERN_MEANINGS.values())) == len(PATTERN_MEANINGS)  # no two share a message


# --- unknown top-level keys, everywhere (item 11) ---------------------------------------------------------

TOP_LEVEL_FILES = ("sources.yml", "vocabularies/persons.yml", "vocabularies/offices.yml",
                   "vocabularies/organizations.yml", "vocabularies/awards.yml", "vocabularies/indicators.yml",
                   "vocabularies/events.yml", "claims/ipu-ecu-92.yml")


@pytest.mark.parametrize("name", TOP_LEVEL_FILES)
def test_an_unknown_top_level_key_is_refused_with_its_line(small_data, name):
    data, out, originals = small_data
    path = data / name
    original = path.read_text(encoding="utf-8")
    text = original if original.endswith("\n") else original + "\n"
    line = text.count("\n") + 1
    path.write_text(text + "source_list: []\n", encoding="utf-8")
    try:
        before = outputs(out)
        code, err = build(data, out)
        assert code == 1 and err.count("\n") == 1, err
        assert f"build failed: data/{name}: line {line}: source_list: unknown key" in err, err
        assert outputs(out) == before
    finally:
        path.write_text(original, encoding="utf-8")


def test_an_unknown_top_level_key_in_flow_style_is_named_too(small_data):
    data, out, originals = small_data
    path = data / "vocabularies" / "persons.yml"
    tree = yaml.safe_load(originals["vocabularies/persons.yml"])
    text = "{persons: " + yaml.safe_dump(tree["persons"], default_flow_style=True).strip() + ",\n extra: 1}\n"
    path.write_text(text, encoding="utf-8")
    line = text[:text.index("extra:")].count("\n") + 1
    try:
        code, err = build(data, out)
        assert code == 1 and f"data/vocabularies/persons.yml: line {line}: extra: unknown key" in err, err
    finally:
        path.write_text(originals["vocabularies/persons.yml"], encoding="utf-8")
