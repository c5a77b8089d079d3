"""How the record's properties map to Wikidata properties, for the exports and reusers.

Only properties are mapped: the record's entities (people, offices, awards) are
not matched to Wikidata items here, because no source gives their Q-ids and a
guess would be a fact the sources do not state.  A property with no Wikidata
counterpart maps to None and says why.
"""

WIKIDATA_PROPERTIES = [
    # (table, property, Wikidata id, Wikidata label, how it is used)
    ("terms", "office", "P39", "position held", "a term is a P39 statement about its holder"),
    ("terms", "start_date", "P580", "start time", "qualifier of the P39 statement"),
    ("terms", "end_date", "P582", "end time", "qualifier of the P39 statement"),
    ("terms", "predecessor", "P1365", "replaces", "qualifier of the P39 statement"),
    ("terms", "successor", "P1366", "replaced by", "qualifier of the P39 statement"),
    ("terms", "appointed_by", "P748", "appointed by", "qualifier of the P39 statement"),
    ("terms", "served_under", None, None, "no Wikidata property says whom an office holder served under"),
    ("terms", "constituency", "P768", "electoral district", "qualifier of the P39 statement"),
    ("awards", "name", "P166", "award received", "an award is a P166 statement about its recipient"),
    ("awards", "date", "P585", "point in time", "qualifier of the P166 statement"),
    ("awards", "conferred_by", "P1027", "conferred by", "qualifier of the P166 statement"),
    ("persons", "birth_date", "P569", "date of birth", None),
    ("persons", "birth_place", "P19", "place of birth", None),
    ("persons", "death_date", "P570", "date of death", None),
    ("persons", "death_place", "P20", "place of death", None),
    ("persons", "alma_mater", "P69", "educated at", None),
    ("persons", "political_party", "P102", "member of political party", None),
    ("persons", "spouse", "P26", "spouse", None),
]

BY_PROPERTY = {(table, prop): (pid, label) for table, prop, pid, label, _ in WIKIDATA_PROPERTIES}


def wikidata_rows() -> list[dict]:
    return [{"id": f"{table}-{prop}", "subject_table": table, "property": prop, "wikidata_property": pid,
             "wikidata_label": label, "note": note,
             "url": f"https://www.wikidata.org/wiki/Property:{pid}" if pid else None}
            for table, prop, pid, label, note in WIKIDATA_PROPERTIES]
