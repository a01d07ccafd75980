"""Claim Workbench: articles -> claims -> embeddings -> groups -> reviews -> export / search.

The public API is re-exported here and imported on first use, so that ``import workbench`` (and the CLI's
``--help``) stays instant::

    from workbench import open_db, load_embedder, ingest_paths, list_groups, set_review, search
"""

from importlib import import_module

_EXPORTS = {
    "open_db": "db",
    "Article": "records",
    "Claim": "records",
    "Review": "records",
    "SearchHit": "records",
    "Status": "records",
    "Verdict": "records",
    "STATUSES": "records",
    "VERDICTS": "records",
    "read_paths": "ingest",
    "read_upload": "ingest",
    "article_from_text": "ingest",
    "IngestError": "ingest",
    "list_articles": "ingest",
    "split_claims": "claims",
    "split_sentences": "claims",
    "detect_language": "claims",
    "list_claims": "claims",
    "load_embedder": "embed",
    "Embedder": "embed",
    "DEFAULT_MODEL": "embed",
    "find_groups": "group",
    "regroup": "group",
    "list_groups": "group",
    "Group": "group",
    "set_review": "review",
    "get_review": "review",
    "history": "review",
    "ReviewError": "review",
    "search": "search",
    "match": "search",
    "FactCheck": "records",
    "read_factchecks": "archive",
    "import_factchecks": "archive",
    "already_checked": "archive",
    "merge_groups": "group",
    "split_group": "group",
    "accept_suggestions": "group",
    "reject_suggestions": "group",
    "disagreements": "disagree",
    "export_rows": "export",
    "to_csv": "export",
    "ingest_articles": "pipeline",
    "ingest_paths": "pipeline",
    "seed_samples": "pipeline",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'workbench' has no attribute {name!r}")
