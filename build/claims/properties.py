"""What may be claimed about each kind of subject, and how values are read.

A property's ``value_type`` decides normalization (``date``: ISO 8601 reduced
precision; ``number``: a decimal with its unit; ``text``; ``entity``: an id in
a vocabulary) and how claims are compared.  ``multi_valued`` properties (a
person has several degrees) are compared only between claims about the same
item, never across items.
"""

from typing import NamedTuple


class Property(NamedTuple):
    value_type: str  # date | number | text | entity
    vocabulary: str | None = None  # for entity values
    multi_valued: bool = False
    description: str = ""
    # A property whose every wording means one thing ("Incumbent", "Assumed
    # office"): the value stored and compared, the words kept in value_raw.
    fixed_value: str | None = None


PROPERTIES: dict[str, dict[str, Property]] = {
    "terms": {
        "office": Property("entity", "offices", description="the office held"),
        "start_date": Property("date", description="when the term began"),
        "end_date": Property("date", description="when the term ended"),
        "predecessor": Property("entity", "persons", description="who held the office before"),
        "successor": Property("entity", "persons", description="who held the office after"),
        "appointed_by": Property("entity", "persons", description="who appointed the holder, where the text says so"),
        "served_under": Property("entity", "persons", description="the president or head of government the holder served under"),
        "ongoing": Property("text", fixed_value="not ended",
                            description="the source says the term had not ended ('Incumbent', 'Assumed office')"),
        "constituency": Property("text", description="the constituency the holder represented"),
        "detail": Property("text", multi_valued=True,
                           description="what the source says he did in the office (a reform, a policy), by item"),
    },
    "persons": {
        "birth_date": Property("date"),
        "birth_place": Property("text"),
        "birth_name": Property("text"),
        "death_date": Property("date"),
        "death_place": Property("text"),
        "political_party": Property("text", multi_valued=True, description="a party the person belonged to"),
        "spouse": Property("text", multi_valued=True),
        "children": Property("text"),
        "residence": Property("text"),
        "occupation": Property("text", multi_valued=True),
        "alma_mater": Property("text", multi_valued=True, description="an institution he studied at"),
        "degree": Property("text", multi_valued=True, description="a degree, per institution (item)"),
        "degree_subject": Property("text", multi_valued=True,
                                   description="the field a degree is in, as the source names it, per institution (item)"),
        "detail": Property("text", multi_valued=True,
                           description="what the source says of the person that no other property holds "
                                       "(family, books, a statement of theirs), by item"),
    },
    "awards": {
        "name": Property("entity", "awards", description="the award named (resolves to the subject itself)"),
        "date": Property("date", description="when it was conferred"),
        "conferred_by": Property("entity", "organizations", description="who conferred it"),
        "place": Property("text", description="where it was conferred"),
        "reason": Property("text", multi_valued=True,
                           description="what it was given for, in the source's words; each reason is its own item "
                                       "(by default its own words; give two tellings of one reason the same item "
                                       "to compare them), so different reasons are never set against each other"),
        "occasion": Property("text", description="the celebration or ceremony it was conferred at"),
        "detail": Property("text", multi_valued=True,
                           description="what the source says of the conferral besides its reason (who spoke, "
                                       "who attended, what he said), by item"),
    },
    "indicators": {
        "value": Property("number", description="the figure, for the claim's period"),
        "basis": Property("text", multi_valued=True,
                          description="what the figure counts over or is compared against, as written ('compared to "
                                      "the previous decade', 'since 2010'), for the claim's period; one item per phrase"),
    },
    "events": {
        "date": Property("date"),
        "place": Property("text"),
        "detail": Property("text", multi_valued=True, description="what the source says happened"),
        "office_held": Property("entity", "offices",
                                description="the post the person held when it happened, as the source places it "
                                            "(one achievement under two posts is a conflict)"),
        "participant": Property("entity", "persons", multi_valued=True,
                                description="a person the source names as taking part (a co-defendant, the judge); "
                                            "their role is in their own claims or the note"),
    },
    # Read from a rendering's References list (build.sources.references), never curated: the
    # dates a reference prints, so a reader can set them against the sentence citing it.
    "references": {
        "published": Property("date", description="when the cited work was published, as the reference prints it"),
        "archived": Property("date", description="when the cited page was archived (\"Archived ... at the Wayback Machine\")"),
    },
}

# How a claim's subject is named in curated YAML: key -> subject table.
SUBJECT_KEYS = {"term": "terms", "person": "persons", "award": "awards", "indicator": "indicators", "event": "events"}

# Who asserts a claim. IPU summary paragraphs report the complainant's and the
# authorities' statements; "article" is a Wikipedia article's own voice;
# "serrano" is his own statement as a source reports it.
ATTRIBUTIONS = ("committee", "complainant", "authorities", "summary", "article", "serrano", "press")

# The person the publication is about: its home page, and the default of the
# career timeline and of the person-taking queries.  Every fact belongs to a
# person (build.claims.subjects); this is only which person the site opens on.
RECORD_SUBJECT = "jose-serrano-salgado"
