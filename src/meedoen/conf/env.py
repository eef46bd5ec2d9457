"""Read settings from the environment, and keep a register of every variable read.

Each variable is declared once, with its help text, where it is read. ``meedoen settings_doc``
prints the register, so the documentation cannot drift from the code.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    default: str | None
    help: str


REGISTER: dict[str, Variable] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _declare(name: str, default: object, help: str) -> str | None:
    REGISTER[name] = Variable(name, None if default is None else str(default), help)
    return os.environ.get(name)


def env_str(name: str, default: str | None, *, help: str) -> str | None:
    raw = _declare(name, default, help)
    return default if raw is None else raw


def env_bool(name: str, default: bool, *, help: str) -> bool:
    raw = _declare(name, default, help)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, help: str) -> int:
    raw = _declare(name, default, help)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str], *, help: str) -> list[str]:
    raw = _declare(name, ",".join(default), help)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]
