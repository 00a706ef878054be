"""Several workers, one crawl: the scrapy-redis scheduler with leased in-flight requests, the Redis
seen-store, and the add-on that switches them on when REDIS_URL is set."""
