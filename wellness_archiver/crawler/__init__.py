"""The Scrapy project: settings (the only copy of the defaults), items,
spiders, downloader middlewares, item pipelines, the Redis frontier, and the
extraction worker pool the pipelines hand pages to."""
