"""Page stage (pure): one page's HTML → links, text, mentions, footprints, contacts; the page judged."""
