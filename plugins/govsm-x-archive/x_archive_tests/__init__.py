"""The X archive plugin's tests, on archives built in X's layout (a package: its name is unique)."""
