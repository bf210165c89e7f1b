"""Writers that turn govsm's results into files (summary JSON and Markdown, later HTML, XLSX…)."""

from govsm.exporters.spec import Exporter, ExportWriter

__all__ = ["ExportWriter", "Exporter"]
