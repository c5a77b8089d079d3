"""Declared schemas for hand-edited input, checked with pydantic.

Every YAML file a curator edits (the manifest, curated claims, vocabularies) is
described by a pydantic model; ``validate`` checks one entry against its model
and turns the first error pydantic reports into the build's one-line error:
``file: entry N (id x) at line L: field: what is wrong``.  pydantic was chosen
over jsonschema because the models double as typed Python objects, its error
locations name the exact field, and v2's core is fast enough to validate
thousands of entries at scale.

Shared types: ``Slug`` for every id that becomes part of a URL or an HTML
anchor (lower-case letters and digits in hyphen-separated words), bounded
``Text`` for free text (a pasted megabyte is a mistake, not a note).
"""

# No ``from __future__ import annotations`` here nor in the other modules declaring models: with it,
# pydantic evaluates every annotation from its string when a model class is made, ~1 ms in all.

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from .errors import BuildError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_TEXT = 20_000  # characters in any one value of a curated file

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=200)]
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
        message = "must be a lower-case slug (letters, digits and single hyphens, like 'jose-serrano-salgado')"
    value = first.get("input")
    shown = f" (got {_short(value)})" if first["type"] not in ("missing", "extra_forbidden") and value is not None else ""
    return f"{where}: {message}{shown}" if where else f"{message}{shown}"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
