"""The version of govsm, kept in one place (read by the build backend and ``govsm --version``)."""

__version__ = "0.1.0"
