"""Scrapy commands of mentionfinder (COMMANDS_MODULE): `crawl` with one-line config errors."""
