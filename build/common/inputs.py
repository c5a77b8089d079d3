"""Declared schemas for hand-edited input, checked with pydantic.

Every YAML file a curator edits (the manifest, curated claims, vocabularies) is
described by a pydantic model; ``validate`` checks one entry against its model
and turns the first error pydantic reports into the build's one-line error:
``file: entry N (id x) at line L: field: what is wrong``.  pydantic was chosen
over jsonschema because the models double as typed Python objects, its error
locations name the exact field, and v2's core is fast enough to validate
thousands of entries at scale.

Shared types: ``Slug`` for every id that becomes part of a URL or an HTML
anchor (lower-case letters and digits in hyphen-separated words), ``Sha256``
and ``LanguageTag`` for the manifest's pins and languages, bounded ``Text`` for
free text (a pasted megabyte is a mistake, not a note).  Each pattern is
pydantic's own ``pattern`` constraint; what it means in words is registered
beside it (``PATTERN_MEANINGS``), and an entry that misses one is told that
meaning (pydantic names the pattern in the error's context), not a regular
expression.

``validate_file`` checks the top level of a file the same way: its keys (an
unknown one is refused with its line) and their kinds.
"""

# No ``from __future__ import annotations`` here nor in the other modules declaring models: with it,
# pydantic evaluates every annotation from its string when a model class is made, ~1 ms in all.

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from .errors import BuildError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SHA256_PATTERN = r"^[0-9a-fA-F]{64}$"
# A BCP 47 tag as the sources need it: a two- or three-letter language code (ISO 639), then subtags
# for a script or a region ("en", "es-EC", "zh-Hant").
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
# A date at reduced precision, as ISO 8601 writes it: a year, a month or a day.
ISO_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MAX_TEXT = 20_000  # characters in any one value of a curated file

# pattern -> what a value missing it is told.  Every pattern a model declares has its own (a test walks
# the models to check it).
PATTERN_MEANINGS = {
    SLUG_PATTERN: "must be a lower-case slug (letters, digits and single hyphens, like 'jose-serrano-salgado')",
    SHA256_PATTERN: "must be a sha256 digest: 64 hexadecimal digits (sha256sum prints it)",
    LANGUAGE_PATTERN: "must be a BCP 47 language tag: a two- or three-letter language code, optionally with "
                      "subtags (like 'en', 'es' or 'es-EC')",
    ISO_DATE_PATTERN: "must be a date in ISO 8601 at the precision known: a year, a month or a day (like '2008', "
                      "'2008-10' or '2008-10-20')",
}

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=200)]
Sha256 = Annotated[str, StringConstraints(pattern=SHA256_PATTERN)]
LanguageTag = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN, max_length=35)]
IsoDate = Annotated[str, StringConstraints(pattern=ISO_DATE_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
OptionalText = Annotated[str, StringConstraints(max_length=MAX_TEXT)] | None


class Strict(BaseModel):
    """Unknown keys are refused; values are not silently converted between types."""

    # defer_build: a model's validator is made when it first validates, so the bases (this class,
    # vocabularies.Entry) and any model a build never uses cost nothing in a fresh process.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, hide_input_in_errors=True, defer_build=True)


def validate(model: type[BaseModel], entry, display: str, label: str | None):
    """``model`` built from ``entry``, or a BuildError naming the file, the entry and the field."""
    try:
        return model.model_validate(entry)
    except ValidationError as error:
        raise BuildError(display, describe(error), label) from None


def validate_file(model: type[BaseModel], document: dict, display: str):
    """The top level of a file checked against ``model``: an unknown key, a missing one, a value of the
    wrong kind, named with the line of its key (``yamlio.LineDict.key_lines``)."""
    try:
        return model.model_validate(document)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        line = getattr(document, "key_lines", {}).get(first["loc"][0]) if first["loc"] else None
        problem = describe(error)
        if first["type"] == "extra_forbidden":
            problem += f" (the keys of this file: {', '.join(model.model_fields)})"
        raise BuildError(display, problem, f"line {line}" if line else None) from None


def describe(error: ValidationError) -> str:
    """The first problem pydantic found, as 'field: message' in plain words."""
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"])
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown key"
    elif first["type"] == "missing":
        message = "missing required key"
    elif first["type"] == "value_error":  # a validator's own words, without pydantic's "Value error, "
        message = str(first.get("ctx", {}).get("error", message))
    elif first["type"] == "string_pattern_mismatch":
        pattern = first.get("ctx", {}).get("pattern")
        message = PATTERN_MEANINGS.get(pattern, f"must match the pattern {pattern}")
    value = first.get("input")
    shown = f" (got {_short(value)})" if first["type"] not in ("missing", "extra_forbidden") and value is not None else ""
    return f"{where}: {message}{shown}" if where else f"{message}{shown}"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
