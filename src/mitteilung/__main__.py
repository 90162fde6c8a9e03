"""Allow ``python -m mitteilung``."""

from mitteilung.cli import main

main()
