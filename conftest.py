"""Pytest set-up shared by every test folder, the plugins' included: the local network peers."""

pytest_plugins = [
    "tests.peers.fixtures",
    "tests.peers.mastodon_server",
    "tests.peers.wordpress_site",
]
