"""Imported by the extraction pool's forkserver before it forks a worker, when the run has HTML
pages (`batch.workers`): every worker starts with the HTML path loaded and warm."""

from batch.work import warm

warm("html")
