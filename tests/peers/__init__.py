"""Real network servers run locally for the tests: Bluesky, WordPress, Mastodon's API."""
