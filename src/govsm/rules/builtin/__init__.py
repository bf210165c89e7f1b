"""The built-in rules, one module per family, each registered as a plugin."""
