"""The networks govsm knows out of the box (declared through the same hook as third-party ones)."""
