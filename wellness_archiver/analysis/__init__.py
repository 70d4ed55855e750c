"""Pure text analysis: quality signals, personal data, near-duplicate
similarity. No database and no network."""
