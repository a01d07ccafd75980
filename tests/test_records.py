"""The rules every layer shares, written once in records.py: who the claimant is, the time, reviewer names,
safe web addresses, verdict words and URL templates."""

import re
from datetime import datetime, timezone

import pytest

from workbench.records import (
    VERDICT_LABELS,
    VERDICTS,
    Group,
    GroupMember,
    SettingsError,
    Suggestion,
    check_url_template,
    claimant,
    fill_url_template,
    is_web_url,
    same_person,
    utc_now,
    verdict_label,
)


def test_the_claimant_is_the_speaker_else_the_outlet():
    assert claimant("Matthew Miller", "Tagesschau") == "Matthew Miller"
    assert claimant("", "Tagesschau") == "Tagesschau"


def test_utc_now_is_an_iso_timestamp_to_the_second():
    now = utc_now()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", now)
    assert abs((datetime.now(timezone.utc) - datetime.fromisoformat(now)).total_seconds()) < 5


def test_reviewer_names_compare_without_case_and_outer_spaces():
    assert same_person(" Anna ", "anna") and same_person("ÄNNE", "änne")
    assert not same_person("anna", "anne") and not same_person("anna", "")


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("https://", False),
        ("/relative/path", False),
        ("https://example.org/a b", False),
        ("http://[", False),  # a malformed host: urlsplit raises
        ("", False),
    ],
)
def test_only_absolute_http_addresses_without_spaces_are_web_urls(url, safe):
    assert is_web_url(url) is safe


def test_verdict_labels_default_to_english():
    assert [verdict_label(v) for v in VERDICTS][:2] == ["True", "Mostly true"]
    assert verdict_label("not_checkworthy") == "Not check-worthy"
    assert verdict_label("mostly_false", "DE ") == "Größtenteils falsch"


def _member(claim_id, article_id, source):
    return GroupMember(claim_id, article_id, source, "", "", "", 1.0, "unreviewed", "")


def test_a_group_spans_outlets_by_articles_or_with_its_suggestions():
    alone = Group(1, [_member(1, 1, "taz"), _member(2, 1, "taz")])
    assert alone.spans(1) and not alone.spans(2)
    two = Group(1, [_member(1, 1, "taz"), _member(3, 2, "FAZ")])
    assert two.spans(2) and not two.spans(3)
    suggested = Group(1, [_member(1, 1, "taz")], [Suggestion(9, 1, 1, 0.9, "", "FAZ", "")])
    assert suggested.spans(2)


def test_every_verdict_has_words_in_both_languages():
    for labels in VERDICT_LABELS.values():
        assert set(labels) == set(VERDICTS)
        assert len(set(labels.values())) == len(VERDICTS)  # no two verdicts read alike
    assert verdict_label("duplicate", "de") == "Duplicate"  # a later verdict reads as its value
    with pytest.raises(SettingsError, match="label language"):
        verdict_label("true", "fr")


def test_url_template_fills_only_its_placeholders():
    assert (
        fill_url_template("https://fc.example/{article_id}#claim-{claim_id}", 12, 3)
        == "https://fc.example/3#claim-12"
    )
    assert check_url_template("  ") == ""
    for bad in (
        "javascript:alert({claim_id})",
        "https://fc.example/{claim_id.__class__}",
        "https://fc.example/{0}",
        "https://fc.example/all-claims",
        "https://fc.example/{claim_id}}",
        "https://fc.example/ {claim_id}",
        "/claims/{claim_id}",
    ):
        with pytest.raises(SettingsError):
            check_url_template(bad)


def test_values_are_shown_in_words():
    from workbench.records import STATUSES, plural, status_label

    assert [status_label(s) for s in STATUSES] == ["Unreviewed", "In progress", "Needs second review", "Done"]
    assert status_label("in_review") == "In review"  # a status added later still reads as words
    assert (plural(1, "claim"), plural(2, "article"), plural(0, "claim")) == (
        "1 claim",
        "2 articles",
        "0 claims",
    )
    assert (
        plural(1200, "fact-check") == "1,200 fact-checks"
        and plural(2, "analysis", "analyses") == "2 analyses"
    )


def test_loopback_addresses():
    from workbench.records import is_loopback

    assert all(is_loopback(a) for a in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", " LOCALHOST "))
    assert not any(is_loopback(a) for a in ("0.0.0.0", "::", "192.0.2.10", "example.org", "", None))
