"""Downloader middlewares (the DOWNLOADER_MIDDLEWARES setting)."""
