"""Text helpers every stage shares: the marks a rendered page glues into its prose, and how
two texts are compared regardless of case, accents and punctuation."""

import unicodedata

# What a rendered page glues into the prose that is no word of it: citation
# marks ("[1]"), lettered notes ("[a]", "[note 1]"), the "[edit]" link text of a
# section's heading, and the maintenance tags editors add ("[citation
# needed]", "[when?]", "[dubious – discuss]").  One pattern for every module
# that reads sentences (sentence splitting, revision words, the YAML checks).
INLINE_MARK = (r"\[(?:\d+|[a-z]|(?:note|nb) \d+|edit|[a-z][a-z ]{0,40}(?:needed|\?)|dubious[^\]\n]{0,30}"
               r"|failed verification|(?:permanent )?dead link)\]")


def normalize_text(value: str) -> str:
    """'Cuenca, Ecuador' -> 'cuenca ecuador'; 'Nestór' -> 'nestor'."""
    decomposed = unicodedata.normalize("NFKD", str(value))
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn":  # the accent split off its letter
            continue
        # Punctuation and symbols separate words but are not words themselves.
        kept.append(" " if category[0] in "PS" else char)
    return " ".join("".join(kept).casefold().split())
