import sys

from safetynet.check import main

sys.exit(main())
