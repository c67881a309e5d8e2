"""Trainer access: a passcode kept only as a salted scrypt hash, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# scrypt cost: about 50 ms and 16 MB per check on a laptop; slow enough to make guessing costly.
_N, _R, _P = 2**14, 8, 1


def hash_passcode(passcode: str) -> str:
    """`scrypt$N$r$p$salt$hash`, for `HARBOUR_TRAINER__PASSCODE_HASH`."""
    if len(passcode) < 8:
        raise ValueError("a trainer passcode needs at least 8 characters")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(passcode.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_passcode(passcode: str, stored: str) -> bool:
    """Whether `passcode` matches the stored hash; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
        digest = hashlib.scrypt(
            passcode.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)
