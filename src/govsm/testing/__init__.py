"""Testing kits for govsm and for plugin authors: hypothesis strategies and pytest fixtures.

Importing :mod:`govsm.testing.strategies` needs ``hypothesis`` (``pip install govsm[test]``).
"""
