"""The LinkedIn export plugin's tests, on exports built in LinkedIn's layout (a package: its name is unique)."""
