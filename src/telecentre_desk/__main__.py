from telecentre_desk.cli import main

raise SystemExit(main())
