"""The library: records, figures, query resolution and the timeline; plain typed functions, no typer, no rich."""

__version__ = "0.1.0"  # the one place; shenzhen_facts.__version__ and the wheel read it here
