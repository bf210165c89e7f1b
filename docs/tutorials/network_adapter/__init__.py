"""The code of the tutorial "Write a network adapter" (``docs/tutorials/network-adapter.md``)."""
