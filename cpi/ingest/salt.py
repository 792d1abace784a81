"""The salt for hashed identifiers: ``OUT/restricted/.salt``, 32 random bytes, mode 600, never in a release."""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from pathlib import Path

from cpi.errors import BuildError

log = logging.getLogger(__name__)

SALT_NAME = ".salt"
SALT_BYTES = 32


def load_or_create_salt(path: Path) -> bytes:
    """Read the salt file ``path``, creating it (exclusively, mode 600) on the first build."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        salt = path.read_bytes()
        if len(salt) != SALT_BYTES:
            raise BuildError(
                f"{path} holds {len(salt)} bytes, expected {SALT_BYTES}. Fix: restore it from backup; "
                "deleting it changes every hashed identifier in future releases."
            ) from None
        return salt
    salt = secrets.token_bytes(SALT_BYTES)
    try:
        os.write(fd, salt)
        os.fsync(fd)
    finally:
        os.close(fd)
    log.info("created identifier salt %s (keep it; never commit or share it)", path)
    return salt


def salt_fingerprint(salt: bytes) -> str:
    """A digest that changes with the salt without revealing it (part of each raw wave's key)."""
    return hashlib.sha256(b"cpi-salt-fingerprint:" + salt).hexdigest()[:16]
