"""Tests of govsm.governance."""
