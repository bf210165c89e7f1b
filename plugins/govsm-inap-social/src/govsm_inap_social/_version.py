"""The version of govsm-inap-social."""

__version__ = "0.1.0"
