"""Your own site (pure): sitemaps → own pages; the matcher; replacements for findings."""
