"""The Bluesky plugin's tests, against a real local PDS and PLC (a package: its name is unique)."""
