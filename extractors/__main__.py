"""`python -m extractors PATH...`: the batch CLI (`batch.cli`), kept under the library's name.

The one module of `extractors` that imports `batch` (the package that imports this library): it is
only run as a program, never imported by the library, so the library stays free of the batch."""

from batch.cli import main

raise SystemExit(main())
