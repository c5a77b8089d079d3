"""Every claim as a W3C Web Annotation (JSON-LD), so annotation tools can show it on its document.

The target is the source document, named by the hash of its bytes (an RFC 6920
``ni:`` URI, since the copies we hold have no stable URL), with two selectors:
a TextQuoteSelector (the exact words, and 32 characters of context on each
side) and a TextPositionSelector (the 0-based, end-exclusive code-point
offsets the record uses).  The body says what the claim states; a second body
classifies it with the Wikidata property it corresponds to, where one does
(build/claims/wikidata.py).

The @context is written out inline, term by term with the IRIs of the Web
Annotation vocabulary (oa:, dcterms:, rdf:), so the file expands to the same
triples as the W3C context document without a network fetch.
"""

from __future__ import annotations

import base64
import itertools
import json

from ..claims.wikidata import BY_PROPERTY

CONTEXT_CHARS = 32
OA = "http://www.w3.org/ns/oa#"
CONTEXT = {
    "oa": OA, "dcterms": "http://purl.org/dc/terms/", "dc": "http://purl.org/dc/elements/1.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "as": "https://www.w3.org/ns/activitystreams#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "id": "@id", "type": "@type",
    "Annotation": "oa:Annotation", "TextualBody": "oa:TextualBody", "SpecificResource": "oa:SpecificResource",
    "TextQuoteSelector": "oa:TextQuoteSelector", "TextPositionSelector": "oa:TextPositionSelector",
    "AnnotationCollection": "as:OrderedCollection", "AnnotationPage": "as:OrderedCollectionPage",
    "body": {"@id": "oa:hasBody", "@type": "@id"},
    "target": {"@id": "oa:hasTarget", "@type": "@id"},
    "source": {"@id": "oa:hasSource", "@type": "@id"},
    "selector": {"@id": "oa:hasSelector", "@type": "@id"},
    "motivation": {"@id": "oa:motivatedBy", "@type": "@vocab"},
    "purpose": {"@id": "oa:hasPurpose", "@type": "@vocab"},
    "describing": "oa:describing", "classifying": "oa:classifying",
    "value": "rdf:value", "format": "dc:format", "language": "dc:language",
    "exact": "oa:exact", "prefix": "oa:prefix", "suffix": "oa:suffix",
    "start": {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"},
    "end": {"@id": "oa:end", "@type": "xsd:nonNegativeInteger"},
    "creator": {"@id": "dcterms:creator", "@type": "@id"},
    "label": "rdfs:label", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "total": {"@id": "as:totalItems", "@type": "xsd:nonNegativeInteger"},
    "first": {"@id": "as:first", "@type": "@id"},
    "items": {"@id": "as:items", "@container": "@list"},
}


def ni_uri(sha256_hex: str) -> str:
    """RFC 6920 named information URI of content with this sha256."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256_hex)).rstrip(b"=").decode()
    return f"ni:///sha-256;{digest}"


def claim_iri(claim_id: str) -> str:
    # A tag: URI (RFC 4151): stable and unique, it names the claim without claiming a web address.
    return f"tag:serrano-record,2026:claim/{claim_id}"


def annotation_items(connection):
    """Each claim's annotation, one at a time (a record 1,000 times the seeds has 180,000)."""
    texts = {row["id"]: (row["text"], ni_uri(row["sha256"])) for row in
             connection.execute("select id, text, sha256 from sources")}
    claims = connection.cursor()
    claims.row_factory = None  # plain tuples, unpacked once: cheaper than a sqlite3.Row lookup per field
    for (claim_id, source_id, subject_table, subject_name, property_, value_display, quote, start, end,
         attributed_to, method) in claims.execute(
            "select id, source_id, subject_table, subject_name, property, value_display, quote, char_start, "
            "char_end, attributed_to, method from claims order by source_id, char_start, id"):
        text, target = texts[source_id]
        body = [{"type": "TextualBody", "purpose": "describing", "format": "text/plain", "language": "en",
                 "value": f"{subject_name}, {property_.replace('_', ' ')}: {value_display} "
                          f"(as stated by the {attributed_to}; {method} claim {claim_id})"}]
        wikidata = BY_PROPERTY.get((subject_table, property_))
        if wikidata and wikidata[0]:
            body.append({"type": "SpecificResource", "purpose": "classifying",
                         "source": f"http://www.wikidata.org/prop/direct/{wikidata[0]}"})
        yield {
            "id": claim_iri(claim_id), "type": "Annotation", "motivation": "describing", "body": body,
            "target": {"type": "SpecificResource", "source": target, "selector": [
                {"type": "TextQuoteSelector", "exact": quote,
                 "prefix": text[max(0, start - CONTEXT_CHARS):start], "suffix": text[end:end + CONTEXT_CHARS]},
                {"type": "TextPositionSelector", "start": start, "end": end},
            ]},
        }


def write_annotations(connection, path) -> int:
    """The collection as one JSON-LD document, written item by item; returns how many."""
    total = connection.execute("select count(*) from claims").fetchone()[0]
    head = {"@context": CONTEXT, "id": "tag:serrano-record,2026:annotations", "type": "AnnotationCollection",
            "label": "Every claim of the record as an annotation on its source", "total": total,
            "first": {"id": "tag:serrano-record,2026:annotations/page/1", "type": "AnnotationPage", "items": []}}
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    prefix, suffix = opening[:-len("[]}}")], "]}}"  # the items go between the brackets
    written = 0
    items = annotation_items(connection)
    with open(path, "w", encoding="utf-8") as out:
        out.write(prefix + "[")
        # A thousand items per json.dumps call: one call per item cost more than the encoding itself,
        # and a whole collection at once would hold it all in memory at scale.  A list's JSON without
        # its brackets is its items joined by commas, exactly what one call per item wrote.
        while chunk := list(itertools.islice(items, 1000)):
            out.write(("," if written else "") + json.dumps(chunk, ensure_ascii=False, separators=(",", ":"))[1:-1])
            written += len(chunk)
        out.write(suffix + "\n")
    assert written == total
    return written
