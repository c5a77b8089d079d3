"""The source manifest (``data/sources.yml``): what the sources are and their pins.

Loading it checks everything a build relies on before any table is written:
required keys, known kinds, unique ids, files present, UTF-8 text, non-empty,
and the sha256 of the raw bytes equal to the pin.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError
from .yamlio import entry_label, load_yaml

REQUIRED_KEYS = ("id", "file", "sha256", "kind", "title", "publisher", "language", "license", "notes")
OPTIONAL_KEYS = ("description", "url", "retrieved", "revision_order")
KINDS = ("ipu_decision", "wikipedia_revision")


@dataclass(frozen=True)
class Source:
    id: str
    file: str  # relative to the data directory, as written in the manifest
    sha256: str
    kind: str
    title: str
    publisher: str
    language: str
    license: str | None
    notes: str
    description: str | None
    url: str | None
    retrieved: str | None
    revision_order: int | None
    text: str  # the whole document, decoded exactly (no newline translation)


def load_manifest(data_dir: Path) -> list[Source]:
    """Read and verify ``data_dir/sources.yml``; raise BuildError on any problem."""
    display = f"{data_dir.name}/sources.yml"
    document = load_yaml(data_dir / "sources.yml", display)
    if not isinstance(document, dict) or not isinstance(document.get("sources"), list):
        raise BuildError(display, "expected a mapping with a 'sources' list")
    if not document["sources"]:
        raise BuildError(display, "the 'sources' list is empty")

    sources, seen = [], {}
    for index, entry in enumerate(document["sources"]):
        label = entry_label(entry, index)
        if not isinstance(entry, dict):
            raise BuildError(display, "expected a mapping of keys", label)
        missing = [key for key in REQUIRED_KEYS if key not in entry]
        if missing:
            raise BuildError(display, f"missing required key {', '.join(missing)}", label)
        unknown = sorted(set(entry) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
        if unknown:
            raise BuildError(display, f"unknown key {', '.join(unknown)}", label)
        if entry["kind"] not in KINDS:
            raise BuildError(display, f"kind {entry['kind']!r} is not one of {', '.join(KINDS)}", label)
        if entry["id"] in seen:
            raise BuildError(display, f"duplicate id {entry['id']!r} (first at line {seen[entry['id']]})", label)
        seen[entry["id"]] = entry.line
        sources.append(_read_source(data_dir, display, label, entry))
    return sources


def _read_source(data_dir: Path, display: str, label: str, entry: dict) -> Source:
    path = data_dir / str(entry["file"])
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise BuildError(display, f"file {data_dir.name}/{entry['file']} is missing", label)
    digest = hashlib.sha256(raw).hexdigest()
    if digest != str(entry["sha256"]).lower():
        raise BuildError(
            display,
            f"sha256 mismatch for {data_dir.name}/{entry['file']}: pinned {entry['sha256']}, file has {digest}",
            label,
        )
    try:
        # Decode without newline translation so offsets count every code point.
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BuildError(display, f"{data_dir.name}/{entry['file']} is not UTF-8 (byte {error.start})", label)
    if not text.strip():
        raise BuildError(display, f"{data_dir.name}/{entry['file']} is empty", label)
    return Source(
        id=str(entry["id"]),
        file=str(entry["file"]),
        sha256=digest,
        kind=entry["kind"],
        title=str(entry["title"]),
        publisher=str(entry["publisher"]),
        language=str(entry["language"]),
        license=entry["license"],
        notes=" ".join(str(entry["notes"]).split()),
        description=entry.get("description"),
        url=entry.get("url"),
        retrieved=entry.get("retrieved"),
        revision_order=entry.get("revision_order"),
        text=text,
    )
