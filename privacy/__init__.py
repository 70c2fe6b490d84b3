"""Retention and erasure at run time: the eraser registry, the tracker store that
forgets, the retention purge, and the logs that keep no content (docs/privacy.md)."""
