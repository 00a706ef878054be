"""`python -m batch PATH...`: the same command as `python -m extractors PATH...`."""

from batch.cli import main

raise SystemExit(main())
