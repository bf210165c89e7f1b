"""The Mastodon plugin's tests, against mastodon-mock over real HTTP (a package: its name is unique)."""
