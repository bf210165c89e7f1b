"""The version of govsm-novagob."""

__version__ = "0.1.0"
