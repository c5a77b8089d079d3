"""Helpers the tests of several stages share: build a private copy of data/, write curated YAML, repin a source."""

import hashlib
import textwrap

from build.cli import main as build_main


def build_into(tmp_path, data_dir, *extra):
    """Run the real command (in-process) from ``data_dir`` into ``tmp_path``; its exit code."""
    return build_main(["--data", str(data_dir), "--out", str(tmp_path / "serrano.db"), "--quiet", *extra])


def snapshot(tmp_path):
    return {name: (tmp_path / name).read_bytes() for name in ("serrano.db", "inspect-data.json")}


def write_claims(data_dir, body: str, source: str = "ipu-ecu-92", name: str = "zz-test.yml"):
    (data_dir / "claims" / name).write_text(f"source: {source}\nclaims:\n" + textwrap.indent(textwrap.dedent(body), "  "))


ENTRY = """\
- id: {id}
  {subject}
  property: {property}
  value: {value}
  quote: {quote}
  {extra}
"""


def entry(id="zz-1", subject="term: Minister of the Interior", property="start_date", value='"2011"',
          quote="From 2011 to 2016, he served as Minister of the Interior", extra=""):
    return ENTRY.format(id=id, subject=subject, property=property, value=value, quote=quote, extra=extra)


def repin(data_dir, file_name):
    """Point the manifest at the file's new bytes, so only the intended problem remains."""
    path = data_dir / "sources" / file_name
    manifest = data_dir / "sources.yml"
    text = manifest.read_text()
    start = text.index(f"file: sources/{file_name}")
    pin_at = text.index("sha256: ", start) + len("sha256: ")
    manifest.write_text(text[:pin_at] + hashlib.sha256(path.read_bytes()).hexdigest() + text[pin_at + 64:])
