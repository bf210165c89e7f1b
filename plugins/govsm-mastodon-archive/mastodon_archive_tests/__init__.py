"""The Mastodon archive plugin's tests, on archives built in Mastodon's layout (a package: its name is unique)."""
