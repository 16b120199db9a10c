"""Crawl stage: the Scrapy components, named by kind (pipelines, extensions, middlewares, handlers…)."""
