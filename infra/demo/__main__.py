import sys

from infra.demo.command import main

sys.exit(main())
