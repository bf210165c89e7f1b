"""The fuzzing suite: hostile input against the real command line and API (issue 11)."""
