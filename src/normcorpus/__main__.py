"""`python -m normcorpus`."""

from normcorpus.cli import main

main()
