"""The library: records, figures, query resolution and the timeline; plain typed functions, no typer, no rich."""
