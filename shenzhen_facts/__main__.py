"""`python -m shenzhen_facts` runs the same entry point as the `szfacts` console script."""

from shenzhen_facts.cli import main

main()
