"""Helpers for the operations tests (fake releases: publish_helpers.fake_release)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cpi.publish import pointer as publish


def build_ids(n: int) -> list[str]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return [publish.new_build_id(start + timedelta(days=31 * i)) for i in range(n)]
