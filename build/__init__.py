"""The loader of the José Serrano Salgado public record: ``python -m build.cli``.

One package per stage, in the order the build runs them (``build.pipeline`` is
the table of contents); a stage imports only from the stages before it and
from ``common``:

1. ``sources``    the manifest and its pins; every document parsed once into the
                  document model (sentences, passages, infobox, references)
2. ``revisions``  consecutive versions of a document aligned, sentence by sentence
3. ``claims``     the statements each source makes: curated, infobox, carried, references
4. ``compare``    claims of one fact compared; conflicts, the resolved record, findings
5. ``coverage``   what the claims leave unread: sentences accounted for, dates and figures
6. ``tables``     one writer per table of ``serrano.db`` (the only stage that writes one)
7. ``publish``    the exports, and the atomic rename into place

``common`` holds what every stage shares: errors, safe YAML, input schemas,
dates and numbers as written.
"""
