"""The distribution's version (read by hatch when building)."""

__version__ = "0.1.0"
