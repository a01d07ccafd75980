"""ClaimReview JSON-LD: every field, the verdict mapping, the round trip through the archive, the CLI and the
Export page."""

import json
from dataclasses import replace
from pathlib import Path

import pytest
import streamlit as st
from conftest import offered_files
from streamlit.testing.v1 import AppTest

import workbench
from workbench.archive import list_factchecks
from workbench.claims import list_claims
from workbench.export import claim_reviews, unpublished_verdicts
from workbench.formats.claimreview import to_jsonld
from workbench.formats.factchecks import read_factchecks
from workbench.pipeline import import_factchecks, ingest_articles
from workbench.records import Article
from workbench.review import get_review, set_review
from workbench.store import open_db

UI = Path(workbench.__file__).parent / "ui"
TEMPLATE = "https://factcheck.example.org/claims/{claim_id}"
TEXT = 'Berlin has 3.7 million inhabitants. "Rents rose 9 percent in 2023," said Mayor Kai Wegner.'
ARTICLE = Article(
    text=TEXT,
    title="Cities in numbers",
    source="Tagesblatt",
    url="https://tagesblatt.example/cities",
    date="2024-03-01",
)


def reviewed(db, embedder, verdicts=("false", "mostly_true"), article=ARTICLE):
    """The claims of ``article`` (the outlet's own, then Kai Wegner's, ...), the first reviewed done with
    ``verdicts``."""
    ingest_articles(db, [replace(article)], embedder)
    claims = list_claims(db, db.sqlite_db.execute("SELECT MAX(id) FROM articles").fetchone()[0])
    assert [c.speaker for c in claims[:2]] == ["", "Kai Wegner"]
    for claim, verdict in zip(claims, verdicts):
        set_review(db, claim.id, status="done", verdict=verdict, reviewer="anna")
    return claims


def test_claimreview_carries_every_field(db, fake_embedder):
    outlet_claim, speaker_claim = reviewed(db, fake_embedder)
    day = get_review(db, outlet_claim.id).updated_at[:10]
    reviews = claim_reviews(
        db, by="anna", organisation="Faktencheck Nord", url_template=TEMPLATE, labels="en"
    )
    article = {
        "@type": "CreativeWork",
        "url": "https://tagesblatt.example/cities",
        "headline": "Cities in numbers",
        "publisher": {"@type": "Organization", "name": "Tagesblatt"},
        "datePublished": "2024-03-01",
    }
    assert reviews[0] == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.example.org/claims/{outlet_claim.id}",
        "claimReviewed": "Berlin has 3.7 million inhabitants",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "False",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
        },
        "itemReviewed": {
            "@type": "Claim",
            # no speaker: the outlet makes the claim
            "author": {"@type": "Organization", "name": "Tagesblatt"},
            "datePublished": "2024-03-01",
            "appearance": article,
            "firstAppearance": article,
            "inLanguage": "en",
        },
        "author": {"@type": "Organization", "name": "Faktencheck Nord"},
        "datePublished": day,
        "identifier": str(outlet_claim.id),
    }
    second = reviews[1]
    assert second["claimReviewed"] == speaker_claim.text == "Rents rose 9 percent in 2023"
    assert second["itemReviewed"]["author"] == {"@type": "Person", "name": "Kai Wegner", "jobTitle": "Mayor"}
    assert second["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert second["url"].endswith(f"/claims/{speaker_claim.id}") and len(reviews) == 2


def test_only_claims_reviewed_done_with_a_verdict_are_published(db, fake_embedder):
    first, second = reviewed(db, fake_embedder, verdicts=("opinion", "false"))
    set_review(db, second.id, status="in_progress", reviewer="anna")  # verdict kept, no longer done
    reviews = claim_reviews(db, by="anna", labels="de")
    assert [r["claimReviewed"] for r in reviews] == [first.text]
    assert reviews[0]["reviewRating"] == {"@type": "Rating", "alternateName": "Meinung"}
    assert "author" not in reviews[0] and "url" not in reviews[0]  # no organisation, no template
    assert unpublished_verdicts(db) == 1
    set_review(db, first.id, verdict="", reviewer="anna")  # done without a verdict
    assert claim_reviews(db, by="anna") == [] and to_jsonld([]) == "[]\n"


def test_jsonld_is_safe_inside_a_script_element(db, fake_embedder):
    evil = Article(
        text='</script><script>alert(1)</script> & Co pays 5 percent more tax. "Rents rose 9 percent in 2023,"'
        " said Mayor Kai Wegner.",
        source="<b>Outlet</b>",
    )
    claims = reviewed(db, fake_embedder, article=evil)
    text = to_jsonld(claim_reviews(db, by="anna"))
    assert "<" not in text and ">" not in text and "&" not in text
    parsed = json.loads(text)
    assert parsed[0]["claimReviewed"] == claims[0].text and "</script>" in claims[0].text
    assert parsed[0]["itemReviewed"]["author"]["name"] == "<b>Outlet</b>"


def test_round_trip_through_the_archive(db, fake_embedder, tmp_path):
    outlet_claim, speaker_claim = reviewed(db, fake_embedder, verdicts=("false", "not_checkworthy"))
    # the same words in another outlet, reviewed alike: still a fact-check of its own
    reviewed(
        db,
        fake_embedder,
        verdicts=("false",),
        article=Article(
            text='Berlin has 3.7 million inhabitants. "Rents rose 9 percent in 2023," said Mayor Kai Wegner today.',
            source="Morgenpost",
            date="2024-03-02",
        ),
    )
    path = tmp_path / "exported.jsonld"
    path.write_text(
        to_jsonld(
            claim_reviews(db, by="anna", organisation="Faktencheck Nord", url_template=TEMPLATE, labels="de")
        ),
        encoding="utf-8",
    )
    items = read_factchecks(path)
    assert import_factchecks(db, items, fake_embedder).added == 3
    day = get_review(db, outlet_claim.id).updated_at[:10]
    got = [
        (f.claim, f.verdict, f.publisher, f.url, f.date, f.claimant, f.external_id, f.lang)
        for f in list_factchecks(db)
    ]
    berlin = "Berlin has 3.7 million inhabitants"
    other = next(c for c in list_claims(db) if c.text == berlin and c.id != outlet_claim.id)
    assert got == [
        (
            berlin,
            "Falsch",
            "Faktencheck Nord",
            TEMPLATE.format(claim_id=outlet_claim.id),
            day,
            "Tagesblatt",
            str(outlet_claim.id),
            "en",
        ),
        (
            "Rents rose 9 percent in 2023",
            "Nicht prüfenswert",
            "Faktencheck Nord",
            TEMPLATE.format(claim_id=speaker_claim.id),
            day,
            "Kai Wegner",
            str(speaker_claim.id),
            "en",
        ),
        (
            berlin,
            "Falsch",
            "Faktencheck Nord",
            TEMPLATE.format(claim_id=other.id),
            day,
            "Morgenpost",
            str(other.id),
            "en",
        ),
    ]
    # importing the same file again adds nothing
    assert import_factchecks(db, read_factchecks(path), fake_embedder).added == 0


def test_round_trip_without_url_keeps_claims_with_the_same_words_apart(db, fake_embedder, tmp_path):
    reviewed(db, fake_embedder, verdicts=("false",))
    reviewed(
        db,
        fake_embedder,
        verdicts=("false",),
        article=Article(text=TEXT + " More later.", source="Morgenpost"),
    )
    path = tmp_path / "exported.jsonld"
    path.write_text(
        to_jsonld(claim_reviews(db, by="anna", organisation="Faktencheck Nord")), encoding="utf-8"
    )
    assert import_factchecks(db, read_factchecks(path), fake_embedder).added == 2
    assert [(f.claimant, f.url) for f in list_factchecks(db)] == [("Tagesblatt", ""), ("Morgenpost", "")]


# --- CLI -------------------------------------------------------------------------------------------------


def test_cli_export_claimreview(run, desk_file, fake_embedder, tmp_path, monkeypatch):
    claims = reviewed(open_db(desk_file), fake_embedder, verdicts=("mixed", "true"))
    set_review(open_db(desk_file), claims[1].id, status="needs_second_review", reviewer="anna")
    out = tmp_path / "claims.jsonld"
    result = run(
        "export",
        "--format",
        "claimreview",
        "--organisation",
        "Faktencheck Nord",
        "--url-template",
        "https://fc.example/{article_id}/{claim_id}",
        "--labels",
        "de",
        "--as",
        "anna",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    assert "1 ClaimReview(s); 1 claim(s) with a verdict not done yet left out" in result.stderr
    [review] = json.loads(out.read_text(encoding="utf-8"))
    assert review["author"] == {"@type": "Organization", "name": "Faktencheck Nord"}
    assert review["url"] == f"https://fc.example/{claims[0].article_id}/{claims[0].id}"
    assert review["reviewRating"]["alternateName"] == "Teilweise falsch"
    assert review["reviewRating"]["ratingValue"] == 3

    # a reviewer may not publish, and nobody unnamed may
    refused = run("export", "--format", "claimreview", "--as", "rita")
    assert refused.exit_code != 0
    assert "rita is a reviewer: only editors and admins may publish ClaimReview" in refused.output
    assert run("export", "--format", "claimreview").exit_code != 0

    # the desk's settings (an admin's) are the defaults ...
    assert run("settings", "--organisation", "Desk Fakten", "--labels", "de", "--as", "admin").exit_code == 0
    [review] = json.loads(run("export", "--format", "claimreview", "--as", "anna").stdout)
    assert (
        review["author"]["name"] == "Desk Fakten"
        and review["reviewRating"]["alternateName"] == "Teilweise falsch"
    )
    # ... and the environment overrides them for one command; JSON on stdout, the count on stderr
    monkeypatch.setenv("WORKBENCH_ORGANISATION", "Env Fakten")
    monkeypatch.setenv("WORKBENCH_LABELS", "en")
    monkeypatch.setenv("WORKBENCH_USER", "anna")
    stdout = run("export", "--format", "claimreview")
    [review] = json.loads(stdout.stdout)
    assert review["author"]["name"] == "Env Fakten" and review["reviewRating"]["alternateName"] == "Mixed"
    assert "url" not in review
    assert "Desk Fakten" in run("settings").output  # the desk's own setting is unchanged

    bad = run("export", "--format", "claimreview", "--url-template", "https://fc.example/{id}")
    assert bad.exit_code != 0 and "unknown placeholder {id}" in bad.output
    csv_with_setting = run("export", "--organisation", "X")
    assert (
        csv_with_setting.exit_code != 0
        and "--organisation only apply to --format claimreview" in csv_with_setting.output
    )
    # the environment's settings do not stop a CSV export, which starts with UTF-8's byte-order mark
    assert run("export").stdout_bytes.startswith("\ufeffclaim_id,".encode())


def test_cli_without_organisation_says_so(run, desk_file, fake_embedder, monkeypatch):
    monkeypatch.delenv("WORKBENCH_ORGANISATION", raising=False)
    reviewed(open_db(desk_file), fake_embedder)
    result = run("export", "--format", "claimreview", "--as", "ben")
    assert result.exit_code == 0 and "no --organisation, so no author" in result.stderr
    assert all("author" not in r for r in json.loads(result.stdout))


# --- Export page -----------------------------------------------------------------------------------------


@pytest.fixture
def downloads(monkeypatch):
    """The files the app offers for download, by file name: (content, mime type)."""
    return offered_files(monkeypatch)


def test_export_page_publishes_with_the_desks_settings_for_editors_only(
    desk_file, fake_embedder, downloads, monkeypatch, sign_in
):
    monkeypatch.delenv("WORKBENCH_ORGANISATION", raising=False)
    st.cache_resource.clear()
    reviewed(open_db(desk_file), fake_embedder)
    sign_in("anna")  # an editor
    at = AppTest.from_file(str(UI / "app.py"), default_timeout=60).run()
    at.switch_page("views/export.py").run()
    assert not at.exception, at.exception
    assert any("No organisation set" in w.value for w in at.warning)

    # an admin sets the desk's organisation, address and verdict words on the Settings page
    sign_in("admin")
    admin = AppTest.from_file(str(UI / "app.py"), default_timeout=60).run()
    admin.switch_page("views/settings.py").run()
    admin.text_input(key="organisation").input("Faktencheck Nord")
    admin.text_input(key="url_template").input(TEMPLATE)
    admin.radio(key="desk_labels").set_value("de")
    admin.button[0].click().run()  # the form's submit button
    assert not admin.exception and "Saved for the whole desk." in [m.value for m in admin.success]

    sign_in("anna")
    at.switch_page("views/export.py").run()
    assert not at.exception and not at.error and not at.warning
    button = at.download_button(key="download_claimreview")
    assert "2 fact-checks" in button.proto.label
    content, mimetype = downloads["claimreview.jsonld"]
    reviews = json.loads(content.decode("utf-8"))
    assert mimetype == "application/ld+json"
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["Falsch", "Größtenteils richtig"]
    assert {r["author"]["name"] for r in reviews} == {"Faktencheck Nord"}
    assert reviews[0]["url"].startswith("https://factcheck.example.org/claims/")
    assert "verdicts.csv" in downloads and "verdicts-excel-de.csv" in downloads  # the CSVs beside it

    # another page and back, and a new browser session: the desk's settings stay
    at.switch_page("views/articles.py").run()
    at.switch_page("views/export.py").run()
    assert "Faktencheck Nord" in " ".join(m.value for m in at.markdown)
    fresh = AppTest.from_file(str(UI / "app.py"), default_timeout=60).run()
    fresh.switch_page("views/settings.py").run()
    assert "Faktencheck Nord" in " ".join(m.value for m in fresh.markdown)  # read-only for an editor

    # a reviewer gets the CSV but no ClaimReview
    sign_in("rita")
    reviewer = AppTest.from_file(str(UI / "app.py"), default_timeout=60).run()
    reviewer.switch_page("views/export.py").run()
    assert not reviewer.exception
    assert [b.key for b in reviewer.download_button] == ["download", "download_excel_de"]
    assert "Editors and admins publish ClaimReview: ask one of them." in [i.value for i in reviewer.info]

    # a bad address is refused on the Settings page and changes nothing
    sign_in("admin")
    admin.switch_page("views/settings.py").run()
    admin.text_input(key="url_template").input("https://fc.example/{id}")
    admin.button[0].click().run()
    assert "unknown placeholder" in admin.error[0].value
    sign_in("anna")
    at.switch_page("views/export.py").run()
    assert "download_claimreview" in [b.key for b in at.download_button]


def test_claimreview_names_the_corrected_speaker_and_no_author_while_unclear(db, fake_embedder):
    from workbench.claims import set_speaker

    article = replace(
        ARTICLE, text="Lena Ortiz met Sam Okafor in Leeds. The depot will close in May, he said."
    )
    ingest_articles(db, [article], fake_embedder)
    claim = next(c for c in list_claims(db) if "depot" in c.text)
    assert claim.speaker_unclear
    set_review(db, claim.id, status="done", verdict="false", reviewer="anna")
    [review] = claim_reviews(db, by="anna", organisation="Faktencheck Nord", labels="en")
    assert "author" not in review["itemReviewed"]  # not the outlet: someone it quotes said it
    set_speaker(db, claim.id, "Sam Okafor", "depot manager", reviewer="ben")
    [review] = claim_reviews(db, by="anna", organisation="Faktencheck Nord", labels="en")
    assert review["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Sam Okafor",
        "jobTitle": "depot manager",
    }
