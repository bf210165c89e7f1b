"""The WordPress plugin's tests, against a real local WordPress (a package: its name is unique)."""
