"""What may be claimed about each kind of subject, and how values are read.

A property's ``value_type`` decides normalization (``date``: ISO 8601 reduced
precision; ``number``: a decimal with its unit; ``text``; ``entity``: an id in
a vocabulary) and how claims are compared.  ``multi_valued`` properties (a
person has several degrees) are compared only between claims about the same
item, never across items.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Property:
    value_type: str  # date | number | text | entity
    vocabulary: str | None = None  # for entity values
    multi_valued: bool = False
    description: str = ""


PROPERTIES: dict[str, dict[str, Property]] = {
    "terms": {
        "office": Property("entity", "offices", description="the office held"),
        "start_date": Property("date", description="when the term began"),
        "end_date": Property("date", description="when the term ended"),
        "predecessor": Property("entity", "persons", description="who held the office before"),
        "successor": Property("entity", "persons", description="who held the office after"),
        "appointed_by": Property("entity", "persons", description="the president who appointed him"),
    },
    "persons": {
        "birth_date": Property("date"),
        "birth_place": Property("text"),
        "alma_mater": Property("text", multi_valued=True, description="an institution he studied at"),
        "degree": Property("text", multi_valued=True, description="a degree, per institution (item)"),
    },
    "awards": {
        "name": Property("entity", "awards", description="the award named (resolves to the subject itself)"),
        "date": Property("date", description="when it was conferred"),
        "conferred_by": Property("entity", "organizations", description="who conferred it"),
        "place": Property("text", description="where it was conferred"),
    },
    "indicators": {
        "value": Property("number", description="the figure, for the claim's period"),
    },
    "events": {
        "date": Property("date"),
        "place": Property("text"),
        "detail": Property("text", multi_valued=True, description="what the source says happened"),
    },
}

# How a claim's subject is named in curated YAML: key -> subject table.
SUBJECT_KEYS = {"term": "terms", "person": "persons", "award": "awards", "indicator": "indicators", "event": "events"}

# Who asserts a claim. IPU summary paragraphs report the complainant's and the
# authorities' statements; "article" is a Wikipedia article's own voice;
# "serrano" is his own statement as a source reports it.
ATTRIBUTIONS = ("committee", "complainant", "authorities", "article", "serrano", "press")

# The person every term belongs to: the subject of this record.
RECORD_SUBJECT = "jose-serrano-salgado"
