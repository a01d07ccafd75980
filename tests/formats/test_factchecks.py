"""Reading archive files into FactCheck records (workbench.formats.factchecks)."""

import json
from pathlib import Path

import pytest

from workbench.formats.factchecks import ArchiveError, read_factchecks
from workbench.formats.files import IngestError
from workbench.records import FactCheck

FIXTURES = Path(__file__).parents[1] / "fixtures" / "archive"
GERMAN_MAP = {
    "claim": "Behauptung",
    "verdict": "Bewertung",
    "url": "Quelle",
    "date": "Datum",
    "title": "Überschrift",
    "claimant": "Urheber",
    "id": "Nummer",
}


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_reads_checkthat_vclaim_fields():
    items = read_factchecks([FIXTURES / "snopes_vclaims.jsonl"])
    assert [i.external_id for i in items] == [
        "vclaim-sno-1-mcdonald39s-any-size-fries",
        "vclaim-sno-10-meter-anaconda",
        "vclaim-sno-10-month-old-baby-drawing",
    ]
    anaconda = items[1]
    assert anaconda.claim == "A viral video shows a 10-meter-long anaconda swimming across a river in Brazil."
    assert (anaconda.title, anaconda.publisher, anaconda.date, anaconda.verdict) == (
        "Does Video Show a 10-Meter-Long Anaconda?",
        "Dan Evon",
        "6 March 2021",
        "",
    )
    assert anaconda.url == "https://www.snopes.com/fact-check/10-meter-anaconda/"  # from page_url
    assert items[0].url == "" and items[0].origin == "snopes_vclaims.jsonl"


def test_politifact_speaker_is_the_claimant_and_publisher_comes_from_the_option():
    items = read_factchecks(FIXTURES / "politifact_vclaims.jsonl", publisher="PolitiFact")
    trump = items[0]
    assert (trump.claimant, trump.verdict, trump.publisher) == ("Donald Trump", "pants-fire", "PolitiFact")
    # a relative address stays as given: the publisher's site is the base
    assert trump.url == "/factchecks/2019/oct/29/donald-trump/trump-dead-wrong-about-change-murders-chicago/"
    assert trump.claim.startswith('"Over the last two years') and trump.external_id == "vclaim-pol-00001"
    # the option replaces a file's own author field
    snopes = read_factchecks(FIXTURES / "snopes_vclaims.jsonl", publisher="Snopes")
    assert {i.publisher for i in snopes} == {"Snopes"}


def test_field_names_are_recognised_whatever_their_case(tmp_path):
    row = {
        "Claim_Reviewed": "Bananas are berries.",
        "TRUTH_LABEL": "true",
        "Page_URL": "https://example.org/bananas",
        "Speaker": "A botanist",
        "Site": "Example Checks",
        "Claim_ID": "b-1",
        "datePublished": "2024-01-02",
        "Language": "en",
    }
    (item,) = read_factchecks(write(tmp_path, "a.jsonl", json.dumps(row) + "\n"))
    assert item == FactCheck(
        claim="Bananas are berries.",
        verdict="true",
        url="https://example.org/bananas",
        claimant="A botanist",
        publisher="Example Checks",
        external_id="b-1",
        date="2024-01-02",
        lang="en",
        origin="a.jsonl",
    )


def test_a_claim_column_wins_over_a_text_column_and_unsafe_urls_are_dropped(tmp_path):
    path = write(
        tmp_path,
        "b.csv",
        "text,claim,rating,link\nThe whole article body.,The claim itself.,false,javascript:alert(1)\n",
    )
    (item,) = read_factchecks(path)
    assert (item.claim, item.verdict, item.url) == ("The claim itself.", "false", "")


def test_german_csv_read_with_a_mapping():
    items = read_factchecks(FIXTURES / "faktenchecks_de.csv", GERMAN_MAP, publisher="Correctiv")
    assert items[0] == FactCheck(
        claim="Die Bundesregierung plant ein Bargeldverbot ab 2025.",
        verdict="falsch",
        publisher="Correctiv",
        url="https://example.org/faktencheck/bargeld",
        title="Kein Bargeldverbot geplant",
        date="2024-03-02",
        claimant="Telegram-Kanal",
        external_id="FC-101",
        origin="faktenchecks_de.csv",
    )
    # semicolon-separated, with a quoted ";" inside a cell
    assert items[1].claim == "Der Strompreis hat sich seit 2020 verdreifacht; sagen Nutzer."
    assert items[1].verdict == "irreführend"


def test_a_mapping_overrides_the_recognised_names(tmp_path):
    path = write(tmp_path, "c.jsonl", json.dumps({"claim": "short", "long_claim": "The long claim."}) + "\n")
    (item,) = read_factchecks(path, {"claim": "long_claim"})
    assert item.claim == "The long claim."
    with pytest.raises(ArchiveError, match="unknown field 'rating'"):
        read_factchecks(path, {"rating": "x"})


def test_claimreview_jsonld_with_every_field():
    first, second = read_factchecks(FIXTURES / "claimreviews.jsonld")
    assert first == FactCheck(
        claim="Living near wind turbines causes cancer.",
        verdict="False",  # reviewRating.alternateName
        publisher="Example Check",  # author.name
        url="https://factcheck.example.org/reviews/wind-turbines",
        title="No, wind turbines do not cause cancer",
        date="2023-11-05",
        claimant="Ann Example",  # itemReviewed.author.name
        external_id="https://factcheck.example.org/reviews/wind-turbines#claimreview",
        lang="en",
        origin="claimreviews.jsonld",
    )
    # no alternateName: the rating as value/best; author as a list; the claim's first appearance dates it
    assert (second.verdict, second.publisher, second.claimant, second.date) == (
        "2/5",
        "Example Check",
        "Bob Sample",
        "2019-07-20",
    )


REVIEW = {
    "@type": "ClaimReview",
    "claimReviewed": "The Earth is flat.",
    "reviewRating": {"@type": "Rating", "alternateName": "Pants on fire"},
    "author": {"@type": "Organization", "name": "Globe Check"},
}


@pytest.mark.parametrize(
    "document, n",
    [
        (REVIEW, 1),
        ([REVIEW, {**REVIEW, "claimReviewed": "The Moon is made of cheese."}], 2),
        (
            {
                "@context": "https://schema.org",
                "@graph": [REVIEW, {**REVIEW, "claimReviewed": "Second claim."}],
            },
            2,
        ),
        ({"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "position": 1, "item": REVIEW}]}, 1),
    ],
    ids=["object", "list", "graph", "itemlist"],
)
def test_claimreview_shapes(tmp_path, document, n):
    items = read_factchecks(write(tmp_path, "reviews.json", json.dumps(document)))
    assert len(items) == n
    assert items[0].claim == "The Earth is flat."
    assert (items[0].verdict, items[0].publisher) == ("Pants on fire", "Globe Check")


def test_google_fact_check_tools_response(tmp_path):
    response = {
        "claims": [
            {
                "text": "5G masts spread viruses.",
                "claimant": "Social media posts",
                "claimDate": "2020-04-01T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": "Full Fact", "site": "fullfact.org"},
                        "url": "https://fullfact.org/5g",
                        "title": "5G does not spread viruses",
                        "reviewDate": "2020-04-03T00:00:00Z",
                        "textualRating": "False",
                        "languageCode": "en",
                    },
                    {
                        "publisher": {"site": "afp.com"},
                        "url": "https://factcheck.afp.com/5g",
                        "textualRating": "Falsch",
                    },
                ],
            }
        ],
        "nextPageToken": "abc",
    }
    first, second = read_factchecks(write(tmp_path, "google.json", json.dumps(response)))
    assert (first.claim, first.claimant, first.publisher, first.verdict, first.date, first.lang) == (
        "5G masts spread viruses.",
        "Social media posts",
        "Full Fact",
        "False",
        "2020-04-03T00:00:00Z",
        "en",
    )
    assert (second.claim, second.publisher, second.verdict) == (
        "5G masts spread viruses.",
        "afp.com",
        "Falsch",
    )


def test_a_folder_reads_every_supported_file(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in ("snopes_vclaims.jsonl", "claimreviews.jsonld"):
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    (folder / "notes.txt").write_text("not an archive file")
    (folder / ".hidden.jsonl").write_text("{broken")
    items = read_factchecks([folder])
    assert len(items) == 5
    assert {i.origin for i in items} == {"snopes_vclaims.jsonl", "claimreviews.jsonld"}


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.jsonl", b"", "empty.jsonl: file is empty"),
        ("blank.csv", b" \n\n", "blank.csv: file is empty"),
        ("image.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        ("broken.json", b'[\n  {"claim": "ok"},\n  {"claim": }\n]', "broken.json line 3: invalid JSON"),
        ("numbers.json", b"[1, 2, 3]", "numbers.json: no records found"),
        ("checks.xml", b"<claims/>", "unsupported file type .xml"),
        (
            "no_claim.csv",
            b"Nummer,Aussage,Bewertung\n1,Etwas,falsch\n",
            "no claim column (found: Nummer, Aussage, Bewertung); name the one holding the claim text with "
            "--map claim=COLUMN",
        ),
        ("no_claim.jsonl", b'{"title": "t", "rating": "false"}\n', "no claim column (found: title, rating)"),
        ("quotes.csv", b'claim,verdict\n"unclosed,false\n', "quotes.csv line 2: broken CSV"),
    ],
)
def test_bad_files_give_one_clear_error(tmp_path, name, content, message):
    with pytest.raises(IngestError) as info:
        read_factchecks(write(tmp_path, name, content))
    assert message in str(info.value)


def test_bad_lines_are_all_listed():
    with pytest.raises(ArchiveError) as info:
        read_factchecks(FIXTURES / "bad_lines.jsonl")
    assert str(info.value) == (
        f"{FIXTURES / 'bad_lines.jsonl'}: invalid JSON (Expecting value at column 12) on line 2; "
        "no claim text on lines 4, 5"
    )
    assert [b.line for b in info.value.bad_lines] == [2, 4, 5]


def test_items_of_a_json_file_without_claim_text_are_named_by_line(tmp_path):
    document = {"@graph": [{"claim": "fine"}, {"claim": "also fine"}, {"claim": " ", "verdict": "x"}]}
    path = write(tmp_path, "graph.json", json.dumps(document, indent=2))
    with pytest.raises(ArchiveError, match=r"graph\.json: no claim text on line 9$"):
        read_factchecks(path)
    assert json.dumps(document, indent=2).split("\n")[8].strip() == "{"


def test_a_mapped_column_that_is_missing_is_an_error():
    with pytest.raises(ArchiveError, match="no 'Urteil' column for verdict"):
        read_factchecks(FIXTURES / "faktenchecks_de.csv", {"claim": "Behauptung", "verdict": "Urteil"})
