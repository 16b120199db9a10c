"""`python -m mentionfinder.cli`."""

from mentionfinder.cli import main

main()
