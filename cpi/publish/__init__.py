"""Releases: copy the aggregates out of a build, verify them, move the pointer, keep history and retention."""
