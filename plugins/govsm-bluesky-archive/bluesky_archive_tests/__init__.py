"""The tests of govsm-bluesky-archive."""
