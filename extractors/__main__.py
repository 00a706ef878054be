from extractors.cli import main

raise SystemExit(main())
