"""Pure readers and writers of outside formats, no storage: articles (txt/md/html/jsonl/csv), archived
fact-checks, CSV (spreadsheet-safe) and schema.org ClaimReview JSON-LD."""
