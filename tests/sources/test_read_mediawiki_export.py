"""MediaWiki exports: the XML, the wikitext, the page it renders, and the map back to the file.

The fixture (tests/fixtures/documents/export-carrasco.xml) is the history of an invented article,
three revisions: the third adds an office above the others (the offices renumber), the second
changes a date; it has an Infobox officeholder, date templates at three precisions, citation
templates, a named reference reused, piped links, a comment, a category and an interlanguage link.
"""

import html
from pathlib import Path

import mwparserfromhell
import pytest

from build.common.dates import parse_date
from build.common.errors import BuildError
from build.sources.manifest import Source
from build.sources.mediawiki import read_exports
from build.sources.mediawiki_xml import ExportError, read_export
from build.sources.wikitext import WikitextParser
from build.sources.wikitext_render import RenderCache, render_wikitext
from build.sources.wikitext_templates import render_date

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


def fixture_text() -> str:
    with open(FIXTURES / "export-carrasco.xml", encoding="utf-8", newline="") as handle:
        return handle.read()


def export_source(text: str, **changes) -> Source:
    fields = dict(id="carrasco", file="sources/export-carrasco.xml", sha256="0" * 64, kind="mediawiki_export",
                  title="Inés Carrasco Valdivieso", publisher="Testwiki", language="en", license=None, notes="",
                  about="ines-carrasco", document="wikipedia-en-ines-carrasco", revision=1, revision_date=None,
                  revision_inferred=False, description=None, url=None, retrieved=None, text=text, line=3, entry=1)
    return Source(**{**fields, **changes})


@pytest.fixture(scope="module")
def read():
    text = fixture_text()
    sources, documents = read_exports([export_source(text)])
    return text, sources, documents


def fields(document) -> list[tuple]:
    return [(f["block"], f["key"], f["label"], f["value"]) for f in document.infobox_fields]


# --- the XML -----------------------------------------------------------------------------------------------


def test_the_export_gives_the_page_and_each_revisions_metadata():
    page = read_export(fixture_text())
    assert (page.title, page.page_id, page.namespace, page.site) == ("Inés Carrasco Valdivieso", 4242, 0, "Testwiki")
    assert [(r.revision_id, r.parent_id, r.timestamp, r.contributor, r.contributor_id, r.minor)
            for r in page.revisions] == [
        (5001, None, "2019-03-06T14:02:11Z", "Editora Sur", 11, False),
        (5002, 5001, "2021-06-01T09:30:00Z", "192.0.2.44", None, False),
        (5003, 5002, "2022-01-12T18:45:59Z", "Bot de prueba", 12, True)]
    assert page.revisions[2].comment == 'Ambassador to Peru since 2022 ("embajadora")'  # &quot; read as "
    assert page.revisions[0].wikitext.startswith("{{Short description|Ecuadorian politician}}\n{{Use dmy dates")
    assert '<ref name="diario">' in page.revisions[0].wikitext  # &lt;ref name=&quot;... in the file


def test_each_wikitext_character_is_found_in_the_file():
    text = fixture_text()
    for revision in read_export(text).revisions:
        wikitext, in_file = revision.wikitext, revision.in_file
        covered = 0
        for w0, w1, f0, f1, copied in in_file.pieces(0, len(wikitext)):
            assert w0 == covered
            covered = w1
            if copied:
                assert text[f0:f1] == wikitext[w0:w1]
            else:  # one character the file writes as an XML reference
                assert w1 - w0 == 1 and text[f0] == "&" and html.unescape(text[f0:f1]) == wikitext[w0]
        assert covered == len(wikitext)


@pytest.mark.parametrize("change, problem", [
    (lambda t: t.replace("</timestamp>", "</timestam>", 1), "not well-formed XML (mismatched tag)"),
    (lambda t: t.replace("<mediawiki ", "<html ", 1).replace("</mediawiki>", "</html>"), "not a MediaWiki export"),
    (lambda t: t[:t.index("    <revision>")] + "  </page>\n</mediawiki>\n", "holds no revisions"),
    (lambda t: t[:t.index("  <page>")] + "</mediawiki>\n", "holds no page"),
    (lambda t: t.replace("</page>", "</page>\n  <page><title>Other</title><revision><id>1</id>"
                                    "<timestamp>2020-01-01T00:00:00Z</timestamp><text>x</text></revision></page>"),
     "holds 2 pages ('Inés Carrasco Valdivieso', 'Other')"),
    (lambda t: '<!DOCTYPE mediawiki [<!ENTITY x "y">]>\n' + t, "a document type declaration"),
    (lambda t: t.replace("<id>5002</id>", "<id>5001</id>"), "revision 5001 is listed twice"),
    (lambda t: t.replace("<model>wikitext</model>", "<model>json</model>", 1), "content model 'json'"),
])
def test_a_broken_export_is_refused_with_its_line(change, problem):
    with pytest.raises(ExportError) as error:
        read_export(change(fixture_text()))
    assert problem in str(error.value) and "\n" not in str(error.value)


# --- one source per revision ---------------------------------------------------------------------------------


def test_each_revision_is_a_source_ordered_and_dated_by_the_export(read):
    _, sources, documents = read
    assert [(s.id, s.revision, s.revision_date, s.document, s.about, s.kind) for s in sources] == [
        ("carrasco-r5001", 1, "2019-03-06", "wikipedia-en-ines-carrasco", "ines-carrasco", "mediawiki_export"),
        ("carrasco-r5002", 2, "2021-06-01", "wikipedia-en-ines-carrasco", "ines-carrasco", "mediawiki_export"),
        ("carrasco-r5003", 3, "2022-01-12", "wikipedia-en-ines-carrasco", "ines-carrasco", "mediawiki_export")]
    assert sources[1].title == "Inés Carrasco Valdivieso, revision 5002 (2021-06-01)"
    assert all(s.text == documents[s.id].title + s.text[len(documents[s.id].title):] for s in sources)


def test_the_order_comes_from_the_timestamps_not_the_file_order_and_numbering_starts_at_the_entrys():
    text = fixture_text()
    first, second, third = (text.index("    <revision>"), text.index("    <revision>", text.index("<id>5002")
                                                                                     - 40),
                            text.index("    <revision>", text.index("<id>5003") - 40))
    end = text.index("  </page>")
    shuffled = text[:first] + text[third:end] + text[second:third] + text[first:second] + text[end:]
    sources, _ = read_exports([export_source(shuffled, revision=4)])
    assert [(s.id, s.revision) for s in sources] == [("carrasco-r5001", 4), ("carrasco-r5002", 5),
                                                     ("carrasco-r5003", 6)]


def test_a_revision_whose_text_was_deleted_is_left_out():
    text = fixture_text()
    start = text.index('<text bytes', text.index("<id>5002"))
    end = text.index("</text>", start) + len("</text>")
    sources, _ = read_exports([export_source(text[:start] + '<text deleted="deleted" />' + text[end:])])
    assert [s.id for s in sources] == ["carrasco-r5001", "carrasco-r5003"]


@pytest.mark.parametrize("changes, problem", [
    ({"revision_date": "2020-01-01"}, "revision_date: an export dates each of its revisions"),
    ({"revision_inferred": True}, "revision_inferred: an export states its revisions' order"),
])
def test_an_export_entry_may_not_state_what_the_export_states(changes, problem):
    with pytest.raises(BuildError) as error:
        read_exports([export_source(fixture_text(), **changes)])
    assert problem in str(error.value) and "source carrasco (sources/export-carrasco.xml)" in str(error.value)


def test_a_template_that_never_closes_is_refused_with_its_line():
    text = fixture_text()
    broken = text.replace("| image_size   = 220px\n}}\n", "| image_size   = 220px\n", 1)  # revision 5001's infobox
    with pytest.raises(BuildError) as error:
        read_exports([export_source(broken)])
    message = str(error.value)
    line = broken[:broken.index("{{Infobox officeholder")].count("\n") + 1
    assert f"revision 5001, line {line}: the template '{{{{Infobox officeholder' never closes" in message


def test_two_exports_of_one_document_must_not_number_a_revision_twice():
    text = fixture_text()
    with pytest.raises(BuildError) as error:
        read_exports([export_source(text), export_source(text, id="carrasco-again", revision=3)])
    assert "document 'wikipedia-en-ines-carrasco' gets revision 3 twice" in str(error.value)


# --- the page as rendered ------------------------------------------------------------------------------------


def test_the_infobox_gives_the_fields_a_rendered_page_gives(read):
    _, sources, documents = read
    first = documents["carrasco-r5001"]
    got = fields(first)
    assert got[:3] == [("caption", "name", "name", "Inés Carrasco Valdivieso"),
                       ("caption", "image", "image", "Ines Carrasco 2019.jpg"),
                       ("caption", "caption", "caption", "Carrasco in 2019")]
    assert [(b, k, v) for b, k, _, v in got if b == "1"] == [
        ("1", "office", "Minister of Culture"), ("1", "term_start", "4 March 2019"), ("1", "term_end", "24 May 2021"),
        ("1", "served_under", "Rivadeneira"), ("1", "predecessor", "Julio Endara"),
        ("1", "successor", "Ana Lucía Bravo")]
    assert [(b, k, label, v) for b, k, label, v in got if b == "2"] == [
        ("2", "office", "office2", "Member of the National Assembly"),
        ("2", "term_start", "term_start2", "May 14, 2013"), ("2", "term_end", "term_end2", "May 2017"),
        ("2", "constituency", "constituency2", "Azuay")]
    personal = [(k, v) for b, k, _, v in got if b == "personal"]
    assert personal == [
        ("birth_name", "Inés María Carrasco Valdivieso"), ("birth_date", "9 February 1978"),
        ("birth_place", "Loja, Ecuador"), ("political_party", "PAIS Alliance (2008–2018)"),
        ("political_party", "Revolución Ciudadana (2018–present)"), ("spouse", "Pedro Ortiz (m. 2004)"),
        ("children", "2"), ("alma_mater", "University of Cuenca"), ("alma_mater", "FLACSO")]
    text = sources[0].text
    for field in first.infobox_fields:
        assert text[field["char_start"]:field["char_end"]] == field["value"]
    # "image_size" only lays the box out: no row, no field
    assert "220px" not in text


def test_date_templates_keep_their_precision(read):
    _, _, documents = read
    dates = {f["label"]: parse_date(f["value"]) for f in documents["carrasco-r5001"].infobox_fields
             if f["key"] in ("term_start", "term_end", "birth_date")}
    assert {label: (d.value, d.precision) for label, d in dates.items()} == {
        "term_start1": ("2019-03-04", "day"), "term_end1": ("2021-05-24", "day"),
        "term_start2": ("2013-05-14", "day"), "term_end2": ("2017-05", "month"),
        "birth_date": ("1978-02-09", "day")}


@pytest.mark.parametrize("template, shown", [
    ("{{Start date|2017|5|14}}", "May 14, 2017"), ("{{Start date|2017|5|14|df=y}}", "14 May 2017"),
    ("{{start date|2017|5}}", "May 2017"), ("{{End date|2017}}", "2017"),
    ("{{birth date and age|1970|11|19|df=yes}}", "19 November 1970"),
    ("{{Death date and age|2020|2|3|1950|1|1|df=y}}", "3 February 2020"),
    ("{{Start date|2017|13|1}}", None), ("{{Start date|2019|2|30}}", None), ("{{Start date}}", None),
])
def test_a_date_template_shows_the_date_the_wiki_shows(template, shown):
    assert render_date(mwparserfromhell.parse(template).nodes[0]) == shown


def test_a_new_office_above_the_others_renumbers_the_blocks_and_has_no_end(read):
    _, _, documents = read
    got = fields(documents["carrasco-r5003"])
    assert [(b, k, v) for b, k, _, v in got if b == "1"] == [
        ("1", "office", "Ambassador to Peru"), ("1", "ongoing", "Assumed office"),
        ("1", "term_start", "10 January 2022"), ("1", "served_under", "Guillermo Lasso")]
    assert ("2", "term_end", "term_end2", "23 May 2021") in got and ("3", "office", "office3",
                                                                      "Member of the National Assembly") in got


def test_references_are_read_with_their_dates_and_reused_names_share_a_number(read):
    _, sources, documents = read
    first, text = documents["carrasco-r5001"], sources[0].text
    rows = [(r["number"], r["title"], r["publisher"], r["published"], r["archived"], r["language"])
            for r in first.references]
    assert rows == [
        (1, "Carrasco asume el Ministerio de Cultura", "Diario del Sur", "5 March 2019", None, "Spanish"),
        (2, "Nueva asambleísta por Azuay", "El Observador", "2013-05-16", "10 March 2021", None),
        (3, "Perfil: Inés Carrasco", "Asamblea Nacional", "June 2013", None, None)]
    for reference in first.references:
        assert text[reference["char_start"]:reference["char_end"]] == reference["text"]
        for name in ("title", "publisher", "published", "archived"):
            if reference[name] is not None:
                assert text[reference[f"{name}_start"]:reference[f"{name}_end"]] == reference[name]
    assert first.references[0]["text"] == ('"Carrasco asume el Ministerio de Cultura" (in Spanish). Diario del Sur. '
                                           '5 March 2019. Retrieved 3 April 2024.')
    # "[1]" and "[3]" are cited twice (named references reused)
    assert [c["number"] for c in first.citations] == [1, 2, 3, 3, 1]
    for citation in first.citations:
        assert text[citation["char_start"]:citation["char_end"]] == f"[{citation['number']}]"
    assert [r["number"] for r in documents["carrasco-r5003"].references] == [1, 2, 3, 4, 5]


def test_links_keep_their_target_and_their_shown_text(read):
    _, sources, documents = read
    text = sources[0].text
    links = [(text[start:end], target) for start, end, target in documents["carrasco-r5001"].links]
    assert ("Rivadeneira", "Gabriela Rivadeneira") in links
    assert ("Julio Endara", "Julio Endara Mora") in links
    assert ("Minister of Culture", "Ministry of Culture (Ecuador)") in links
    assert ("Ecuador", "Ecuador") in links  # [[Ecuador]]ian
    assert not any(target.startswith(("Category:", "es:")) for _, target in links)


def test_the_prose_is_read_into_sections_paragraphs_and_sentences(read):
    _, sources, documents = read
    document, text = documents["carrasco-r5001"], sources[0].text
    assert [p["section"] for p in document.passages if p["kind"] == "section"] == [
        "lead", "Early life and education", "Political career", "References", "External links"]
    sentences = [p["text"] for p in document.passages if p["kind"] == "sentence"]
    assert sentences[0] == ("Inés Carrasco Valdivieso (born 9 February 1978) is an Ecuadorian politician who served "
                            "as Minister of Culture from 2019 to 2021.")
    assert "She was elected to the National Assembly in the 2013 election and took office on 14\u00a0May 2013." \
        in text  # &nbsp; shown as a no-break space
    for hidden in ("source needed", "Category", "es:", "Use dmy", "Short description", "{{", "[[", "<ref"):
        assert hidden not in text
    for sentence in document.sentences:
        assert sentence.section is not None and text[sentence.start:sentence.end].strip() == \
            text[sentence.start:sentence.end]


def test_the_text_map_covers_the_text_and_points_at_the_file(read):
    file_text, sources, documents = read
    for source in sources:
        document, text = documents[source.id], source.text
        position = 0
        for t0, t1, f0, f1, w0, w1, how in document.text_map:
            assert t0 == position and t1 > t0
            position = t1
            if how == "copied":
                assert file_text[f0:f1] == text[t0:t1]
            elif how == "escaped":
                assert html.unescape(file_text[f0:f1]) == text[t0:t1]
            elif how == "title":
                assert html.unescape(file_text[f0:f1]) == text[t0:t1] == "Inés Carrasco Valdivieso"
            elif how == "rendered":  # a template, an entity, a <ref>, a newline shown as a space, a language code
                markup = html.unescape(file_text[f0:f1])
                assert markup.startswith(("{{", "&", "<ref", "\n")) or (text[t0:t1], markup.strip()) == ("Spanish", "es")
            else:
                assert how == "added"
        assert position == len(text)
        start, end = document.wikitext_file_span
        assert html.unescape(file_text[start:end]) == document.revision.wikitext


def test_a_rendered_date_points_at_its_template_in_the_file(read):
    file_text, _, documents = read
    document = documents["carrasco-r5001"]
    field = next(f for f in document.infobox_fields if f["label"] == "term_start1")
    rows = [row for row in document.text_map if row[0] < field["char_end"] and field["char_start"] < row[1]]
    assert [(row[6], file_text[row[2]:row[3]]) for row in rows] == [("rendered", "{{Start date|2019|3|4|df=y}}")]


def test_stretches_parse_as_the_whole_page_does():
    """The parser reuses stretches between revisions: the page rendered from them is the page rendered
    from one parse of the whole wikitext."""
    parser, cache = WikitextParser(), RenderCache()
    for revision in read_export(fixture_text()).revisions:
        wikitext = revision.wikitext
        pieces = parser.parse(wikitext)
        assert len(pieces) > 3
        assert "".join(str(code) for _, code in pieces) == wikitext
        assert all(wikitext[offset:].startswith(str(code)) for offset, code in pieces)
        stretched = render_wikitext("T", pieces, len(wikitext), cache)
        whole = render_wikitext("T", [(0, mwparserfromhell.parse(wikitext))], len(wikitext))
        assert stretched.text == whole.text
        assert stretched.runs == whole.runs
        assert (stretched.infobox_fields, stretched.references, stretched.citations, stretched.links) == \
            (whole.infobox_fields, whole.references, whole.citations, whole.links)


def test_a_stretch_left_open_is_joined_to_the_next_and_an_open_template_refused():
    parser = WikitextParser()
    wikitext = "A <ref>one\n\nstill the reference</ref> end.\n\nNext paragraph.\n"
    pieces = parser.parse(wikitext)
    assert [str(code) for _, code in pieces] == ["A <ref>one\n\nstill the reference</ref> end.\n\n",
                                                 "Next paragraph.\n"]
    assert render_wikitext("T", pieces, len(wikitext)).text == (
        "T\n\nA [1] end.\n\nNext paragraph.\n\nReferences\n\n1. one still the reference\n")
    # An unclosed link shows as its text, as on the wiki; an unclosed template would swallow the page.
    assert parser.parse("[[Open link\n\nText.\n")
    from build.sources.wikitext import UnclosedMarkup
    with pytest.raises(UnclosedMarkup) as error:
        parser.parse("Text.\n\n{{Infobox person\n| name = X\n\nMore.\n")
    assert error.value.offset == len("Text.\n\n")


def test_a_blanked_revision_is_a_revision_with_no_article_text():
    """Vandalism blanks a page, the next edit restores it: the blank revision is in the history too."""
    text = fixture_text()
    start = text.index('xml:space="preserve">', text.index("<id>5002")) + len('xml:space="preserve">')
    sources, documents = read_exports([export_source(text[:start] + text[text.index("</text>", start):])])
    blank = documents["carrasco-r5002"]
    assert sources[1].text == "Inés Carrasco Valdivieso\n"
    assert (blank.passages, blank.infobox_fields, blank.references, blank.text_map[0][6]) == ([], [], [], "title")
