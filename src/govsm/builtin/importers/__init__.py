"""Built-in importers: govsm's own archive formats."""
