from readout_site.cli import main

raise SystemExit(main())
