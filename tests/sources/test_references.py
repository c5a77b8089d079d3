"""References as data: title, publisher, dates as claims with spans, and which sentences cite them."""

import pytest

from build.sources.references import read_reference


def fields(text):
    read = read_reference(text, 0, len(text))
    for name in ("title", "publisher", "published", "archived"):
        if read[name] is not None:
            assert text[read[f"{name}_start"]:read[f"{name}_end"]] == read[name]
    return read


@pytest.mark.parametrize("text, expected", [
    ('(in Spanish) "Curriculum Vitae" Archived 2016-03-27 at the Wayback Machine, Ministry of the Interior, Ecuador',
     {"language": "Spanish", "title": "Curriculum Vitae", "archived": "2016-03-27",
      "publisher": "Ministry of the Interior, Ecuador", "published": None}),
    ('(in Spanish) Plan Andino Archived 2013-05-06 at the Wayback Machine on Ministerio del Interior de Ecuador',
     {"title": "Plan Andino", "archived": "2013-05-06", "publisher": "Ministerio del Interior de Ecuador"}),
    ('"Home". unirioja.es.', {"title": "Home", "publisher": "unirioja.es", "published": None}),
    ('"Asamblea de Ecuador destituye a su presidente por conspiración | MUNDO". 10 March 2018.',
     {"title": "Asamblea de Ecuador destituye a su presidente por conspiración | MUNDO", "publisher": None,
      "published": "10 March 2018"}),
    ('"EEUU condecora al ministro del Interior de Ecuador por lucha antinarcóticos".',
     {"published": None, "publisher": None}),
    ('no citation at all, just words', {"published": None, "archived": None}),
    # What the citation templates append after the date, and what they print between title and publisher.
    ('"Ramiro Cevallos, nuevo ministro". El Universo (in Spanish). 17 November 2016. Retrieved 3 April 2024.',
     {"title": "Ramiro Cevallos, nuevo ministro", "publisher": "El Universo", "language": "Spanish",
      "published": "17 November 2016", "archived": None}),
    ('"Resultados oficiales" (PDF). CNE. 9 March 2021. Archived from the original on 10 March 2021.',
     {"title": "Resultados oficiales", "publisher": "CNE", "published": "9 March 2021",
      "archived": "10 March 2021"}),
    ('"Resultados oficiales" Archived 2021-03-10 at the Wayback Machine. CNE. 9 March 2021.',
     {"title": "Resultados oficiales", "archived": "2021-03-10", "publisher": "CNE", "published": "9 March 2021"}),
    ('"Informe anual" (in Spanish). Retrieved 3 April 2024.',
     {"title": "Informe anual", "language": "Spanish", "publisher": None, "published": None}),
])
def test_a_reference_is_read_into_its_fields(text, expected):
    read = fields(text)
    for name, value in expected.items():
        assert read[name] == value, (name, read)


def test_retrieval_and_archive_notes_after_the_date_belong_to_the_citation():
    text = ('"Resultados oficiales" (PDF). CNE. 9 March 2021. Archived from the original on 10 March 2021. '
            'Retrieved 3 April 2024. He then left.')
    assert text[fields(text)["citation_end"]:].strip() == "He then left."


def test_text_after_the_citation_is_not_part_of_it():
    text = ('"Serrano, Celi y Reyes, los asambleístas nacionales más votados, según CNE". 23 February 2017.. '
            'However, his tenure as president of the National Assembly ended amid controversy in March 2018.')
    read = fields(text)
    assert read["published"] == "23 February 2017"
    assert text[read["citation_end"]:].lstrip().startswith("However, his tenure")


def test_the_rendered_references_are_data(db):
    rows = {r["number"]: r for r in db.query("select * from [references] where source_id = 'wikipedia-a'")}
    assert len(rows) == 8
    assert (rows[1]["title"], rows[1]["publisher"], rows[1]["archived"], rows[1]["language"]) == (
        "Curriculum Vitae", "Ministry of the Interior, Ecuador", "2016-03-27", "Spanish")
    assert (rows[3]["title"], rows[3]["publisher"]) == ("Home", "unirioja.es")
    assert rows[5]["published"] == "23 February 2017" and rows[5]["citation_end"] < rows[5]["char_end"]
    assert rows[7]["published"] is None and rows[7]["title"].startswith("EEUU condecora")


def test_each_printed_date_is_a_claim_about_its_reference_with_its_span(db):
    claims = {r["id"]: r for r in db.query("select * from claims where subject_table = 'references'")}
    assert set(claims) == {"wikipedia-a-ref-1-archived", "wikipedia-a-ref-2-published", "wikipedia-a-ref-4-archived",
                           "wikipedia-a-ref-5-published", "wikipedia-a-ref-6-published",
                           "wikipedia-a-ref-8-published"}
    text = db["sources"].get("wikipedia-a")["text"]
    ref5 = claims["wikipedia-a-ref-5-published"]
    assert (ref5["value"], ref5["precision"], ref5["value_display"]) == ("2017-02-23", "day", "23 February 2017")
    assert text[ref5["value_start"]:ref5["value_end"]] == ref5["value_raw"] == "23 February 2017"
    assert text[ref5["char_start"]:ref5["char_end"]] == ref5["quote"] and "However" not in ref5["quote"]
    assert (ref5["reference_id"], ref5["method"], ref5["person_id"]) == ("wikipedia-a-ref-5", "reference", None)
    assert ref5["subject_name"].startswith("Serrano, Celi y Reyes")
    # Each is a fact of its own, stated by one source.
    fact = db.execute("select sources_count, disputed from facts where subject_id = 'wikipedia-a-ref-5'").fetchone()
    assert fact == (1, 0)


def test_each_sentence_knows_the_references_it_cites(db):
    (election,) = db.query("select * from sentences where source_id = 'wikipedia-a' and text like "
                           "'He was elected as the most voted member%'")
    # The 2014 election sentence cites a list of the most voted published 23 February 2017.
    assert (election["citations_count"], election["cited_references"]) == (
        2, "wikipedia-a-ref-5 wikipedia-a-ref-6")
    published = db.execute("select value from claims where id = 'wikipedia-a-ref-5-published'").fetchone()[0]
    assert published == "2017-02-23"
    assert db.execute("select count(*) from sentences where source_id = 'wikipedia-b' and citations_count > 0"
                      ).fetchone()[0] == 0


async def test_uncited_claims_lists_the_claims_of_sentences_that_cite_nothing(db, datasette):
    response = await datasette.client.get("/serrano/uncited_claims.json?_shape=array&source=")
    assert response.status_code == 200
    rows = response.json()
    assert rows and {row["source_id"] for row in rows} == {"wikipedia-a"}
    ids = {row["claim_id"] for row in rows}
    assert "a-career-labour-start" in ids  # "Serrano's political journey began in June 2005 ...": no mark
    assert "a-career-election-date" not in ids  # its sentence cites notes 5 and 6
    cited = {r["claim_id"] for r in db.query(
        "select sc.claim_id from sentence_claims sc join sentences s on s.id = sc.sentence_id "
        "where s.citations_count > 0")}
    assert not ids & cited
