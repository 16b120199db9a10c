"""Output stage: exports, outreach layouts, the webhook feed, text tables, one page inspected."""
