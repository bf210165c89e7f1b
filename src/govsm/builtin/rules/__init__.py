"""Built-in rules: the usage manual's checks on every post and profile."""
