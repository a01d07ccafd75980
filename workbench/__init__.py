"""Claim Workbench: articles -> claims -> embeddings -> groups -> reviews -> export / search.

The public API is re-exported here and imported on first use, so that ``import workbench`` (and the CLI's
``--help``) stays instant::

    from workbench import open_db, load_embedder, ingest_paths, list_groups, set_review, search
"""

from importlib import import_module

# name -> (module, attribute): where each public name lives since the layout of issue 17. Two names keep
# their earlier meaning under a new attribute: ``disagreements`` (the details in which members of a group
# differ) is ``text.details.differences``, and ``regroup`` embeds what lacks a vector first, as it always did
# (``pipeline.regroup_all``; ``group.regroup`` itself only reads stored vectors).
_EXPORTS = {
    "open_db": ("store", "open_db"),
    "Article": ("records", "Article"),
    "Claim": ("records", "Claim"),
    "Review": ("records", "Review"),
    "SearchHit": ("records", "SearchHit"),
    "Status": ("records", "Status"),
    "Verdict": ("records", "Verdict"),
    "STATUSES": ("records", "STATUSES"),
    "VERDICTS": ("records", "VERDICTS"),
    "FactCheck": ("records", "FactCheck"),
    "Group": ("records", "Group"),
    "ReviewError": ("records", "ReviewError"),
    "read_paths": ("formats.articles", "read_paths"),
    "read_upload": ("formats.articles", "read_upload"),
    "article_from_text": ("formats.articles", "article_from_text"),
    "IngestError": ("formats.files", "IngestError"),
    "read_factchecks": ("formats.factchecks", "read_factchecks"),
    "split_claims": ("text.attribution", "split_claims"),
    "split_sentences": ("text.sentences", "split_sentences"),
    "detect_language": ("text.sentences", "detect_language"),
    "language_of": ("text.sentences", "language_of"),
    "read_page": ("formats.pages", "read_page"),
    "fetch_page": ("web", "fetch_page"),
    "FetchError": ("web", "FetchError"),
    "ingest_links": ("pipeline", "ingest_links"),
    "follow": ("feeds", "follow"),
    "unfollow": ("feeds", "unfollow"),
    "list_feeds": ("feeds", "list_feeds"),
    "poll": ("feeds", "poll"),
    "disagreements": ("text.details", "differences"),
    "differences": ("text.details", "differences"),
    "load_embedder": ("vectors.embedders", "load_embedder"),
    "Embedder": ("vectors.embedders", "Embedder"),
    "DEFAULT_MODEL": ("vectors.registry", "DEFAULT_MODEL"),
    "list_articles": ("claims", "list_articles"),
    "list_claims": ("claims", "list_claims"),
    "set_speaker": ("claims", "set_speaker"),
    "find_groups": ("group", "find_groups"),
    "list_groups": ("group", "list_groups"),
    "merge_groups": ("group", "merge_groups"),
    "split_group": ("group", "split_group"),
    "accept_suggestions": ("group", "accept_suggestions"),
    "reject_suggestions": ("group", "reject_suggestions"),
    "set_review": ("review", "set_review"),
    "get_review": ("review", "get_review"),
    "history": ("review", "history"),
    "search": ("search", "search"),
    "match": ("search", "match"),
    "already_checked": ("archive", "already_checked"),
    "export_rows": ("export", "export_rows"),
    "to_csv": ("export", "to_csv"),
    "regroup": ("pipeline", "regroup_all"),
    "refresh_claim_vectors": ("pipeline", "refresh_claim_vectors"),
    "import_factchecks": ("pipeline", "import_factchecks"),
    "ingest_articles": ("pipeline", "ingest_articles"),
    "ingest_paths": ("pipeline", "ingest_paths"),
    "seed_samples": ("pipeline", "seed_samples"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        return getattr(import_module(f".{module}", __name__), attribute)
    raise AttributeError(f"module 'workbench' has no attribute {name!r}")
