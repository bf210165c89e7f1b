"""The built-in steps of ``govsm audit``, each a plugin."""
