"""The offline demo: a sample web served on loopback, crawled end to end."""
