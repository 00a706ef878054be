"""Imported by the extraction pool's forkserver before it forks a worker, when the run has text
dumps (`batch.workers`): every worker starts with the text path loaded and warm."""

from batch.work import warm

warm("text")
