"""Scrapy spiders of mentionfinder."""
