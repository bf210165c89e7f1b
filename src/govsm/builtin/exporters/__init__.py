"""Built-in exporters: the audit's summaries."""
