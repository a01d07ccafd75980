"""Page furniture that slips through extraction (workbench.text.boilerplate): what is marked, and sentences that
look close but are what an article says and stay claims. All examples written for this test."""

from __future__ import annotations

import pytest

from workbench.records import Claim
from workbench.text.attribution import split_claims
from workbench.text.boilerplate import is_boilerplate, mark_boilerplate

FURNITURE = [
    # share bars and links
    "Share on Twitter", "Share on WhatsApp", "Twitter / Share on Twitter / Share on WhatsApp", "Auf Facebook teilen",
    "Twitter Facebook E-Mail", "Link kopieren", "Teilen",
    # reading times, updates, lone dates and times
    "4 Min Read", "Lesezeit: 3 Minuten", "5 min", "vor 2 Stunden", "3 hours ago", "05:28 Uhr",
    "12.03.2024, 05:28 Uhr", "Stand: 10:49 Uhr", "Aktualisiert am 12.03.2024", "Updated 10:49 AM EST, Tue January 7, 2020",
    "Dienstag, 12. März 2024", "May 31, 2024",
    # bylines, initials, credits, agencies
    "Von Anna Petersen", "Von Anna Petersen und Jan Kröger, Kiel", "By Maria Lopez", "Text: Max Mustermann",
    "Additional reporting by Tom Hughes; Editing by Sarah King", "(grh)", "(dpa/lnw)", "Foto: dpa",
    "Bild: picture alliance / dpa", "Photo: Riverside Gazette", "Quelle: ntv.de, dpa", "© Küstenbote Verlag 2024",
    "Copyright 2024 The Riverside Gazette. All rights reserved.", "Mit Material von dpa", "(AFP)", "Reuters",
    # cookies and consent for embedded content
    "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.", "Alle akzeptieren", "Accept all cookies",
    "Empfohlener redaktioneller Inhalt",
    "Ich bin damit einverstanden, dass mir der externe Inhalt angezeigt wird.",
    "Mehr Informationen dazu erhalten Sie in den Datenschutz-Einstellungen.",
    # navigation and chrome
    "Startseite › Kiel › Hafen", "Home | News | Sport | Business", "Mehr zum Thema", "Read more", "Kommentare",
    "Anzeige", "Seite 2 von 3", "Zur Startseite", "Newsletter", "Factbox:",
    "Den kompletten Beitrag lesen Sie in der neuen Juli-Ausgabe unseres Magazins.",
    "This is a breaking news story - more to follow", "Dieser Artikel wird laufend aktualisiert.",
]  # fmt: skip

CLAIMS = [
    "36 Stunden.",  # a duration the article talks about
    "Von den Schiffen sind viele beschädigt.",
    "Von Berlin nach Hamburg fahren täglich 40 Züge.",
    "Reporting by the BBC found that the company hid losses.",
    "By Tuesday, the council had voted.",
    "Copyright infringement cases rose 20 percent in 2023.",
    "Share prices fell 3 percent on Monday.",
    "Die EU-Kommission will Cookie-Banner vereinfachen.",
    "Twitter lost half of its advertisers in 2023.",
    "Am 12. März 2024 legte der Sturm den Hafen lahm.",
    "CDU/CSU 30 %, SPD 15 %, Grüne 12 %",
    "Die Inflation lag im März bei 2,2 Prozent.",
    "The mayor said 4 minutes of silence would be held.",
    "Plattformen müssen externe Inhalte künftig prüfen, sagte die Ministerin.",
]


@pytest.mark.parametrize("sentence", FURNITURE)
def test_page_furniture_is_boilerplate(sentence):
    assert is_boilerplate(sentence)
    assert is_boilerplate(f"„{sentence}“")  # in quotes too


@pytest.mark.parametrize("sentence", CLAIMS)
def test_what_an_article_says_is_not(sentence):
    assert not is_boilerplate(sentence)


def test_mark_boilerplate_judges_each_whole_sentence():
    text = (
        "Share on Twitter\nThe council voted 7 to 4 to close two libraries.\n12.03.2024\nIt will save money."
    )
    claims = split_claims(text, "en")
    assert mark_boilerplate(claims) == 2
    assert [c.kind for c in claims] == ["boilerplate", "claim", "boilerplate", "claim"]
    unmarked = Claim("x", "", 0, 0)
    assert mark_boilerplate([unmarked]) == 0 and unmarked.kind == "claim"
