"""Whole paragraphs of page furniture (workbench.formats.furniture): what a page reader leaves out, and paragraphs
that look close but report something and stay. All examples written for this test; outlets and people made up."""

from __future__ import annotations

import pytest

from workbench.formats.furniture import is_furniture

FURNITURE = [
    # staff and agency credits
    "Redaktion: Lena Vogt, Paul Brenner",
    "Mitarbeit: Jonas Kleiber",
    "Recherche und Text: Hanna Ostrowski",
    "Faktencheck: Lena Vogt",
    "Redaktion: Lena Vogt Faktencheck: Paul Brenner",
    "Übersetzung und Adaptierung: Kiel Desk",
    "Contributing: Maria Holt",
    "Additional reporting by Sam Okafor in Lagos; Editing by Ruth Lane",
    "Photos: Dana Whitlock",
    "Mit Agenturmaterial.",
    "mit dpa",
    "Mit Material von AFP und dpa",
    "With reporting by Reuters",
    "Mit Informationen der Korrespondenten in Kairo sowie der Nachrichtenagenturen AFP und dpa. Manche Angaben "
    "lassen sich nicht unabhängig prüfen.",
    "NORDFUNK (Lena Vogt, Paul Brenner)",
    "Quelle: Küstenbote, epd",
    "SOURCE: Harbour Times and news agencies",
    "© Riverside Media Group 2024",
    "Copyright 2023 Riverside Gazette. All rights reserved.",
    # the article's own journalists
    "Lena Vogt ist Korrespondentin des Küstenboten in Warschau.",
    "Korrespondent Paul Brenner ist beim Küstenboten für Landespolitik zuständig. Er berichtet aus Kiel.",
    "Maria Holt is a senior correspondent who covers energy policy for the Gazette.",
    "Sam Okafor is the Gazette's West Africa reporter.",
    "Ruth Lane, Gazette political editor",
    "Seine Artikel finden Sie hier.",
    "Follow her on X at @ruthlane.",
    # pointers to other articles and card labels
    "Read more: Harbour strike enters its third week",
    "Lesen Sie auch: Warum die Fähren ausfallen",
    "Mehr zum Thema: Streik im Hafen",
    "MORE: Council backs new ferry timetable",
    "Auch interessant",
    "Claim",
    "Rating:",
    # writing to the newsroom, promotions, appeals
    "Get in touch with our newsdesk by emailing tips@riverside-gazette.example.",
    "Is there flooding where you live? Get in touch at news@riverside-gazette.example",
    "Sie haben Hinweise zu diesem Thema? Melden Sie sich vertraulich per Signal bei unserer Redaktion.",
    "Haben Sie eine Behauptung gesehen, die wir überprüfen sollen?",
    "Have you got a story? Contact us",
    "Kontaktieren Sie uns",
    "Sign up for our free morning newsletter.",
    "Jetzt den Newsletter abonnieren und nichts verpassen!",
    "Unterstützen Sie unabhängigen Journalismus mit einem Abo.",
    "Jetzt unterstützen",
    # pointers to the outlet's own pages
    "Alle aktuellen Entwicklungen finden Sie in unserem Liveblog.",
    "Follow along with our live coverage below.",
    "For more stories like this, visit our politics page.",
    # embedded posts
    "— Lena Vogt (@lenavogt) March 3, 2024",
    "— Harbour Police (@harbourpolice) 3. März 2024",
    "Ferry cancelled again this morning pic.twitter.com/AbCdEf123",
    "Roads closed near the port https://t.co/XyZ987",
    # the full story elsewhere, updates, syndication, consent placeholders
    "Den vollständigen Beitrag lesen Sie in der neuen Ausgabe unseres Magazins.",
    "Read the full interview in our weekend edition.",
    "This is a developing story - more to follow",
    "Dieser Artikel wird laufend aktualisiert.",
    "Hafenblick ist eine Partnermarke des Küstenboten. Sie sehen diesen Text, weil wir Stücke von Hafenblick hier "
    "zeigen.",
    "This article first appeared on Harbour Weekly.",
    "Ich bin damit einverstanden, dass mir externe Inhalte angezeigt werden. Dabei können Daten an Drittanbieter "
    "übermittelt werden.",
    "By clicking you agree that content from third-party providers is shown to you.",
    # bylines on a line of their own
    "von Lena Vogt",
    "By Maria Holt and Sam Okafor in Lagos",
]  # fmt: skip

BODY = [
    "Donald Trump ist kein Freund der Reporter, sagte der Sprecher.",
    "Die Polizei bittet um Hinweise an hinweise@polizei-kiel.example.",
    "Anyone with information should call police on 101.",
    "Copyright cases rose 20 percent in 2023.",
    "Alle Artikel des Gesetzes wurden geändert.",
    "Mit Material aus dem Baumarkt baute er ein Floß.",
    "Reporting by the Gazette found that the company hid losses.",
    "Die Firma verschickt einen Newsletter, den 3000 Menschen lesen.",
    "Anna Müller, 34, lebt seit zehn Jahren in Kiel.",
    "Die Studie erschien zuerst im Fachblatt Nature.",
    "More than 200 people came to the meeting.",
    "Lena Vogt ist seit 2019 Bürgermeisterin der Stadt.",
    "Quellen zufolge will der Konzern 500 Stellen streichen.",
    "The reporter who broke the story, Maria Holt, was arrested on Monday.",
    "Die Datenschutzbehörde kritisierte, dass externe Inhalte ohne Zustimmung geladen wurden.",
    "Readers can subscribe to the council's alerts, the mayor said.",
    "Video footage showed the ferry hitting the pier.",
    "Mit Informationen aus Geheimdienstkreisen berichtete die Zeitung über den Fall.",
]


@pytest.mark.parametrize("paragraph", FURNITURE)
def test_page_furniture_paragraphs_are_recognised(paragraph):
    assert is_furniture(paragraph)
    assert is_furniture(f"  {paragraph}  ")  # spaces around a paragraph change nothing


@pytest.mark.parametrize("paragraph", BODY)
def test_what_an_article_reports_is_not_furniture(paragraph):
    assert not is_furniture(paragraph)


def test_empty_and_long_paragraphs():
    assert not is_furniture("")
    assert not is_furniture("   ")
    # a bio's form, but the length of a paragraph of reporting: left to the reader
    long = (
        "Lena Vogt ist Korrespondentin in Warschau. " + "Sie berichtet über die Wahl und ihre Folgen. " * 12
    )
    assert not is_furniture(long)


def test_a_registration_walls_line_is_furniture_a_sentence_about_registering_is_not():
    for line in (
        "Log in or create an account to continue",
        "Create an account or sign in to continue with your reading experience.",
        "Please sign in to keep reading.",
        "Melden Sie sich an, um weiterzulesen.",
    ):
        assert is_furniture(line), line
    for sentence in (
        "Users must log in to access the records, the agency said.",
        "The minister said voters had to register to vote by Friday.",
        "Wer sich registrieren will, muss nach Angaben des Amtes persönlich erscheinen.",
    ):
        assert not is_furniture(sentence), sentence
