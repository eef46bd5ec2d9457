"""Django side of the evidence: the "Wat werkt" pages over the curated evidence base."""
