"""Texts -> vectors: the embedders (the default offline model, sentence-transformers for any other), the
registry of model names and per-model thresholds, and the in-memory / FAISS vector index. No storage."""
