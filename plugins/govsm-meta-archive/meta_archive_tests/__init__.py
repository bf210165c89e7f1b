"""Tests of govsm-meta-archive (collected by the root pytest run)."""
