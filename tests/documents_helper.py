"""Add a test document to a private copy of data/, as a user adds a source."""

import hashlib
import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "documents"

ENTRY = """  - id: {id}
    file: sources/{file}
    sha256: {sha256}
    kind: {kind}
    title: "{title}"
    publisher: Test suite
    language: en
    license: null
    notes: A fictional document written for the test suite (tests/fixtures/documents/README.md).
    about: {about}
    document: {document}
    revision: {revision}
"""


def add_source(data_dir: Path, fixture: str | None, *, id: str, kind: str, about: str, document: str,
               revision: int = 1, text: str | None = None, title: str | None = None, raw: bytes | None = None,
               file_name: str | None = None) -> Path:
    """Copy a fixture (or write ``text``, or the bytes ``raw``: a PDF) into data_dir/sources/ and
    append its manifest entry."""
    target = data_dir / "sources" / (file_name or fixture or f"{id}.{'pdf' if raw is not None else 'txt'}")
    if raw is not None:
        target.write_bytes(raw)
    elif text is None:
        shutil.copyfile(FIXTURES / fixture, target)
    else:
        target.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    with (data_dir / "sources.yml").open("a", encoding="utf-8") as manifest:
        manifest.write(ENTRY.format(id=id, file=target.name, sha256=digest, kind=kind, title=title or id,
                                    about=about if about else "null", document=document, revision=revision))
    return target


def add_person(data_dir: Path, person_id: str, name: str, aliases=()) -> None:
    """Add a person to the copy's persons vocabulary, as a curator would."""
    with (data_dir / "vocabularies" / "persons.yml").open("a", encoding="utf-8") as vocabulary:
        vocabulary.write(f"  - id: {person_id}\n    name: {name}\n    aliases: [{', '.join(aliases)}]\n")


def keep_only(data_dir: Path, source_ids: set[str]) -> None:
    """Drop every manifest entry (and curated file) but these sources."""
    import yaml

    manifest = data_dir / "sources.yml"
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))["sources"]
    kept = [entry for entry in entries if entry["id"] in source_ids]
    import textwrap

    # Indented like the real manifest, so add_source can append entries after it.
    listed = textwrap.indent(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), "  ")
    manifest.write_text("sources:\n" + listed, encoding="utf-8")
    for path in (data_dir / "claims").glob("*.yml"):
        if yaml.safe_load(path.read_text(encoding="utf-8"))["source"] not in source_ids:
            path.unlink()
