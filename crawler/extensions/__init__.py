"""Scrapy extensions (the EXTENSIONS setting)."""
