"""The source manifest (``data/sources.yml``): what the sources are and their pins.

Each entry is checked against ``ManifestEntry`` (types, required and unknown
keys, slug ids) before anything is read.  Then the manifest as a whole: unique
ids, revisions of one document numbered without repeats, and each file a
regular file inside ``data/sources/`` no larger than ``MAX_SOURCE_BYTES``,
UTF-8, non-empty, whose sha256 equals its pin.  A decision's PDF (kind
``ipu_decision_pdf``) is pinned by its bytes too; its text is the text layer
``build.sources.pdf`` extracts, and a PDF with none is refused here.  Whether ``about`` names a
known person is checked once the vocabularies are loaded (``check_about``).

Every source says whom it is about (``about``, a person id), which work it is
a version of (``document``: one Wikipedia article, one IPU case) and its place
among that work's versions (``revision``, from 1).  ``revision_date`` is the
date of that version where known, never guessed; ``revision_inferred`` says
the order was inferred rather than stated (the notes give the evidence).
"""

# No ``from __future__ import annotations``: see build.common.inputs.

import datetime
import hashlib
import unicodedata
from pathlib import Path
from typing import Annotated, Literal, NamedTuple

from pydantic import Field, StrictBool, StrictInt, field_validator

from ..common.dates import DateError, parse_iso_date
from ..common.errors import BuildError
from ..common.regular_files import UnreadableFile, read_regular_file
from ..common.inputs import LanguageTag, OptionalText, Sha256, Slug, Strict, Text, validate, validate_file
from ..common.yamlio import entry_label, load_yaml
from .pdf import PdfTextError, pdf_text

KINDS = ("ipu_decision", "wikipedia_revision", "ipu_decision_pdf", "mediawiki_export")
# A decision as text, or as its PDF read directly (build.sources.pdf): one family, one case may hold both.
DECISION_KINDS = ("ipu_decision", "ipu_decision_pdf")
# A source is a document a person reads: a few hundred KB at most.  The cap
# keeps a mistaken path (a disk image, /dev/zero) from being read whole.
MAX_SOURCE_BYTES = 5 * 1024 * 1024
# A MediaWiki export is a page's history (Special:Export gives up to 1,000 revisions at a time).
MAX_EXPORT_BYTES = 64 * 1024 * 1024
SOURCES_FOLDER = "sources"


# Longest name of one file or folder the file systems in use allow (ext4, xfs, btrfs, tmpfs: NAME_MAX).
MAX_NAME_BYTES = 255


class ManifestFile(Strict):
    """The top level of the manifest: its one key."""

    sources: list


class ManifestEntry(Strict):
    id: Slug
    file: Annotated[str, Field(min_length=1, max_length=300)]
    sha256: Sha256
    kind: Literal["ipu_decision", "wikipedia_revision", "ipu_decision_pdf", "mediawiki_export"]
    title: Text
    publisher: Text
    language: LanguageTag
    license: OptionalText
    notes: Text
    about: Slug | None
    document: Slug
    revision: Annotated[StrictInt, Field(ge=1, le=1_000_000)]
    revision_date: str | datetime.date | None = None
    revision_inferred: StrictBool = False
    description: OptionalText = None
    url: OptionalText = None
    retrieved: str | datetime.date | None = None

    @field_validator("file")
    @classmethod
    def _file_name(cls, value: str) -> str:
        """What no path of ours can hold, each refused with its own words before the file system is asked
        (a NUL byte made ``os.stat`` raise, an internal error naming no entry).  A name UTF-8 cannot write
        (a lone surrogate) never gets here: libyaml refuses its escape, and pydantic such a string."""
        if "\x00" in value:
            raise ValueError("contains a NUL byte (\\x00), which no file name can hold")
        if control := next((char for char in value if unicodedata.category(char) == "Cc"), None):
            raise ValueError(f"contains a control character (U+{ord(control):04X}); write the file name in "
                             "printable characters")
        if long := next((part for part in value.split("/") if len(part.encode("utf-8")) > MAX_NAME_BYTES), None):
            raise ValueError(f"the name {long[:40]!r}... is {len(long.encode('utf-8')):,} bytes in UTF-8; a file or "
                             f"folder name may have at most {MAX_NAME_BYTES}")
        return value

    @field_validator("revision_date", "retrieved")
    @classmethod
    def _iso_date(cls, value):
        if value is None:
            return None
        text = value.isoformat() if isinstance(value, datetime.date) else value
        try:
            return parse_iso_date(text)
        except DateError:
            raise ValueError("expected an ISO 8601 date (2017, 2017-05 or 2017-05-16)") from None


class Source(NamedTuple):
    id: str
    file: str  # relative to the data directory, as written in the manifest
    sha256: str
    kind: str
    title: str
    publisher: str
    language: str
    license: str | None
    notes: str
    about: str | None  # a person id
    document: str  # the work this is a version of
    revision: int  # its order among the work's versions, from 1
    revision_date: str | None
    revision_inferred: bool
    description: str | None
    url: str | None
    retrieved: str | None
    text: str  # the whole document, decoded exactly (no newline translation)
    line: int = 0  # where its entry starts in the manifest, for later errors
    entry: int = 0  # its position in the manifest's list, from 1 (0: not read from a manifest)

    @property
    def label(self) -> str:
        """As ``yamlio.entry_label`` names an entry while the manifest is read."""
        return f"entry {self.entry} (id {self.id}) at line {self.line}" if self.entry else \
            f"entry (id {self.id}) at line {self.line}"


def load_manifest(data_dir: Path) -> list[Source]:
    """Read and verify ``data_dir/sources.yml``; raise BuildError on any problem."""
    display = manifest_display(data_dir)
    document = load_yaml(data_dir / "sources.yml", display)
    if not isinstance(document, dict):
        raise BuildError(display, "expected a mapping with a 'sources' list")
    validate_file(ManifestFile, document, display)  # an unknown top-level key, or 'sources' missing or no list
    if not document["sources"]:
        raise BuildError(display, "the 'sources' list is empty")

    sources, seen, revisions = [], {}, {}
    for index, raw in enumerate(document["sources"]):
        label = entry_label(raw, index)
        if not isinstance(raw, dict):
            raise BuildError(display, "expected a mapping of keys", label)
        entry = validate(ManifestEntry, raw, display, label)
        line = getattr(raw, "line", 0)
        if entry.id in seen:
            raise BuildError(display, f"duplicate id {entry.id!r} (first at line {seen[entry.id]})", label)
        seen[entry.id] = line
        key = (entry.document, entry.revision)
        if key in revisions:
            raise BuildError(display, f"document {entry.document!r} already has a revision {entry.revision} "
                                      f"(source {revisions[key]}); each revision number is used once", label)
        revisions[key] = entry.id
        sources.append(_read_source(data_dir, display, label, entry, line)._replace(entry=index + 1))
    _check_document_kinds(sources, display)
    return sources


def manifest_display(data_dir: Path) -> str:
    return f"{data_dir.name}/sources.yml"


def check_about(sources: list[Source], persons, data_dir: Path) -> None:
    """Every ``about`` must be a person id of the persons vocabulary."""
    for source in sources:
        if source.about is not None and source.about not in persons.entries:
            raise BuildError(manifest_display(data_dir),
                             f"about: {source.about!r} is not a person id in {persons.display}", source.label)


def _check_document_kinds(sources: list[Source], display: str) -> None:
    kinds: dict[str, Source] = {}
    for source in sources:
        first = kinds.setdefault(source.document, source)
        if first.kind != source.kind and not {first.kind, source.kind} <= set(DECISION_KINDS):
            raise BuildError(display, f"document {source.document!r} mixes kinds: {first.id} is {first.kind}, "
                                      f"this source is {source.kind}", source.label)


def _read_source(data_dir: Path, display: str, label: str, entry: ManifestEntry, line: int) -> Source:
    path = _source_path(data_dir, display, label, entry.file)
    raw = _read_regular_file(path, display, label, f"{data_dir.name}/{entry.file}",
                             MAX_EXPORT_BYTES if entry.kind == "mediawiki_export" else MAX_SOURCE_BYTES)
    digest = hashlib.sha256(raw).hexdigest()
    if digest != entry.sha256.lower():
        raise BuildError(
            display,
            f"sha256 mismatch for {data_dir.name}/{entry.file}: pinned {entry.sha256}, file has {digest}",
            label,
        )
    try:
        # Decode without newline translation so offsets count every code point; a PDF's text is its
        # text layer, extracted (build.sources.pdf), and every span counts in that.
        text = pdf_text(raw) if entry.kind == "ipu_decision_pdf" else raw.decode("utf-8")
    except PdfTextError as problem:
        raise BuildError(display, f"{data_dir.name}/{entry.file} {problem}", label)
    except UnicodeDecodeError as error:
        raise BuildError(display, f"{data_dir.name}/{entry.file} is not UTF-8 (byte {error.start})", label)
    if not text.strip():
        raise BuildError(display, f"{data_dir.name}/{entry.file} is empty", label)
    return Source(
        id=entry.id, file=entry.file, sha256=digest, kind=entry.kind, title=entry.title,
        publisher=entry.publisher, language=entry.language, license=entry.license,
        notes=" ".join(entry.notes.split()), about=entry.about, document=entry.document,
        revision=entry.revision, revision_date=entry.revision_date, revision_inferred=entry.revision_inferred,
        description=entry.description, url=entry.url, retrieved=entry.retrieved, text=text, line=line,
    )


def _source_path(data_dir: Path, display: str, label: str, file: str) -> Path:
    """The file's path, refused unless it names a file inside data/sources/ (no '..', no absolute path)."""
    relative = Path(file)
    folder = (data_dir / SOURCES_FOLDER).resolve()
    if relative.is_absolute() or ".." in relative.parts or not relative.parts or relative.parts[0] != SOURCES_FOLDER:
        raise BuildError(display, f"file: {file!r} must be a path inside {data_dir.name}/{SOURCES_FOLDER}/ "
                                  f"(like '{SOURCES_FOLDER}/name.txt')", label)
    if len(relative.parts) == 1:  # "sources", "sources/", "sources/."
        raise BuildError(display, f"file: {file!r} names the folder {data_dir.name}/{SOURCES_FOLDER}/ itself; "
                                  f"name a file inside it (like '{SOURCES_FOLDER}/name.txt')", label)
    path = data_dir / relative
    try:
        resolved = path.resolve(strict=False)
    except (OSError, RuntimeError):  # a symlink loop
        raise BuildError(display, f"file {data_dir.name}/{file} cannot be resolved (a symlink loop?)", label)
    if folder not in resolved.parents:
        raise BuildError(display, f"file {data_dir.name}/{file} leads outside {data_dir.name}/{SOURCES_FOLDER}/ "
                                  "(through a symbolic link)", label)
    return path


def _read_regular_file(path: Path, display: str, label: str, shown: str,
                       limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a regular file under the size cap; FIFOs and devices are refused before reading."""
    try:
        return read_regular_file(path, limit)
    except UnreadableFile as problem:
        raise BuildError(display, f"file {shown} {problem}", label) from None
