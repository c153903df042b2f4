"""Password hashing (Argon2id) and the password rules."""

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults follow RFC 9106's recommendation. The test suite sets
# CSDR_TEST_FAST_HASHING to hash thousands of passwords quickly; never set it in a deployment.
if os.environ.get("CSDR_TEST_FAST_HASHING") == "1":
    _hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
else:
    _hasher = PasswordHasher()

MIN_LENGTH = 8
MAX_LENGTH = 64

_COMMON = frozenset("""
password password1 password123 passw0rd 12345678 123456789 1234567890 qwerty123 qwertyuiop
iloveyou sunshine princess football baseball welcome welcome1 admin123 administrator letmein
trustno1 superman batman dragon monkey abc12345 11111111 00000000 88888888 abcdefgh 1q2w3e4r
qwerty12 zaq12wsx starwars changeme secret123 computer internet whatever master123 p@ssw0rd
p@ssword 987654321 123123123 aa123456 asdfghjkl qwertyui 1qaz2wsx password! csdrhub csdr-hub
""".split())


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters (15 or more is better)."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if password.lower() in _COMMON:
        return "This password is too common; choose another."
    return None
