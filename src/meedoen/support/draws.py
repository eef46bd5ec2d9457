"""How a draw orders its candidates: written out so that anyone can check it.

A candidate's lot is the SHA-256 of "seed:enrolment id"; candidates come out in the order
of their lots. Anyone with the stored seed and the candidates' ids can redo a draw with any
tool, without this code or a particular version of a random-number generator.
"""

import hashlib
import secrets


def new_seed() -> int:
    # 62 bits: fits a signed 64-bit column on every database.
    return secrets.randbits(62)


def draw_key(seed: int, enrolment_id: int) -> str:
    return hashlib.sha256(f"{seed}:{enrolment_id}".encode()).hexdigest()


def draw_order(seed: int, enrolment_ids: list[int]) -> list[int]:
    """The candidates in the order the draw takes them: by lot, then by id (never a tie)."""
    return sorted(enrolment_ids, key=lambda pk: (draw_key(seed, pk), pk))
