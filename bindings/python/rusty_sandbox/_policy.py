"""SecurityPolicy: what a box allows, carried to the library as an rsb_policy handle."""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, overload

from . import _native

LEVELS = ("basic", "standard", "enhanced", "maximum")

# Limits whose value is a size in bytes or a duration in milliseconds: they also take "256M"
# or "2s" strings, parsed by the library.
_SIZE_LIMITS = frozenset(name for name in _native.LIMITS if name.endswith("_bytes"))
_DURATION_LIMITS = frozenset(name for name in _native.LIMITS if name.endswith("_ms"))


def _limit_value(name: str, value: int | str | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, str):
        if name in _SIZE_LIMITS:
            return _native.parse_size(value, f"limits.{name}")
        if name in _DURATION_LIMITS:
            return _native.parse_duration_ms(value, f"limits.{name}")
    elif isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise _native.PolicyError(f"limits.{name}: must not be negative, got {value}")
        return value
    raise _native.PolicyError(f"limits.{name}: expected an int, got {value!r}")


_FILE_KINDS = ("read", "write", "exec")


def _string_list(values: Iterable[str], what: str) -> list[str]:
    if isinstance(values, (str, bytes)):
        raise _native.PolicyError(f"{what}: expected a list of strings, not a single string")
    items = list(values)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise _native.PolicyError(f"{what}[{i}]: expected a string, got {item!r}")
    return items


class _Limit:
    """A policy limit as an attribute: an int, or None for an optional limit left unset."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, policy: None, owner: type) -> _Limit: ...
    @overload
    def __get__(self, policy: SecurityPolicy, owner: type) -> int | None: ...
    def __get__(self, policy: SecurityPolicy | None, owner: type) -> _Limit | int | None:
        if policy is None:
            return self
        return policy._native.limit(self._name)

    def __set__(self, policy: SecurityPolicy, value: int | str | None) -> None:
        policy._native.set_limit(self._name, _limit_value(self._name, value))


class SecurityPolicy:
    """What a box allows: a level's complete defaults, with any field overridden.

    >>> p = SecurityPolicy("standard", memory_bytes="256M", wall_timeout_ms="5s")
    >>> p.memory_bytes
    268435456

    Levels: basic, standard (default), enhanced, maximum. Limits are attributes named as in
    the policy JSON (``memory_bytes``, ``cpu_time_ms``, ``wall_timeout_ms``, ``pids``, ...);
    sizes also take "256M" and durations "2s". Setting an optional limit to None unsets it.
    The other fields of the policy JSON are attributes too: network, on_output_overflow,
    seccomp, on_breach, readonly_paths, files ({"read", "write", "exec"}), allowed_hosts,
    host_resolution, keep_capabilities, hostname, workdir, host_uid, host_gid.
    Invalid values raise PolicyError naming the field (and the list entry).
    """

    memory_bytes = _Limit()
    cpu_time_ms = _Limit()
    wall_timeout_ms = _Limit()
    pids = _Limit()
    file_size_bytes = _Limit()
    open_files = _Limit()
    address_space_bytes = _Limit()
    stdout_max_bytes = _Limit()
    stderr_max_bytes = _Limit()
    tmp_size_bytes = _Limit()
    workdir_size_bytes = _Limit()

    def __init__(self, level: str = "standard", **fields: Any) -> None:
        self._native = _native.Policy(level)
        for name, value in fields.items():
            if name not in _FIELDS:
                raise _native.PolicyError(
                    f"unknown policy field '{name}' (known: {', '.join(sorted(_FIELDS))})")
            setattr(self, name, value)

    @classmethod
    def _wrap(cls, native: _native.Policy) -> SecurityPolicy:
        policy = cls.__new__(cls)
        policy._native = native
        return policy

    @classmethod
    def from_json(cls, text: str) -> SecurityPolicy:
        """Parses policy JSON; omitted keys take the level's defaults, unknown keys raise."""
        return cls._wrap(_native.Policy.from_json(text))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SecurityPolicy:
        """Like from_json, from a dict shaped like to_dict()'s."""
        return cls.from_json(json.dumps(data))

    def to_json(self) -> str:
        """The versioned policy JSON, every field spelled out."""
        return self._native.to_json()

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.to_json())
        return result

    def copy(self) -> SecurityPolicy:
        return SecurityPolicy._wrap(self._native.clone())

    def validate(self) -> None:
        """Raises PolicyError naming the first field whose value is impossible."""
        self._native.validate()

    @property
    def level(self) -> str:
        return self._native.level

    @level.setter
    def level(self, value: str) -> None:
        """Changes only the level; use SecurityPolicy(level) for that level's defaults."""
        self._native.level = value

    @property
    def network(self) -> str:
        """"none" (own namespace, loopback only) or "host" (basic level only)."""
        return self._native.network

    @network.setter
    def network(self, value: str) -> None:
        self._native.network = value

    @property
    def on_output_overflow(self) -> str:
        """"kill" (status output_limit) or "truncate" when output passes its cap."""
        return self._native.output_overflow

    @on_output_overflow.setter
    def on_output_overflow(self, value: str) -> None:
        self._native.output_overflow = value

    @property
    def readonly_paths(self) -> list[str]:
        """Host paths bound read-only into the box (a copy; assign a new list to change)."""
        return self._native.get_list("readonly_paths")

    @readonly_paths.setter
    def readonly_paths(self, paths: Iterable[str]) -> None:
        self._native.set_list("readonly_paths", _string_list(paths, "readonly_paths"))

    @property
    def seccomp(self) -> str:
        """"none", "denylist", "allowlist" or "allowlist_kill" (see the level table)."""
        return self._native.seccomp

    @seccomp.setter
    def seccomp(self, value: str) -> None:
        self._native.seccomp = value

    @property
    def on_breach(self) -> str:
        """"report", "terminate_on_critical" or "terminate": the watchdog's answer."""
        return self._native.on_breach

    @on_breach.setter
    def on_breach(self, value: str) -> None:
        self._native.on_breach = value

    @property
    def files(self) -> dict[str, list[str]]:
        """Landlock allowlists {"read": [...], "write": [...], "exec": [...]} of host paths
        (a copy; assign a dict to change: omitted keys are emptied)."""
        return {kind: self._native.get_list(f"files.{kind}") for kind in _FILE_KINDS}

    @files.setter
    def files(self, value: Mapping[str, Iterable[str]]) -> None:
        unknown = sorted(set(value) - set(_FILE_KINDS))
        if unknown:
            raise _native.PolicyError(f"files: unknown key(s) {', '.join(unknown)} "
                                      f"(known: {', '.join(_FILE_KINDS)})")
        lists = {kind: _string_list(value.get(kind, ()), f"files.{kind}") for kind in _FILE_KINDS}
        for kind, paths in lists.items():
            self._native.set_list(f"files.{kind}", paths)

    @property
    def allowed_hosts(self) -> list[str]:
        """"host[:port]" entries reachable through the egress proxy (enhanced)."""
        return self._native.get_list("allowed_hosts")

    @allowed_hosts.setter
    def allowed_hosts(self, hosts: Iterable[str]) -> None:
        self._native.set_list("allowed_hosts", _string_list(hosts, "allowed_hosts"))

    @property
    def host_resolution(self) -> dict[str, list[str]]:
        """Allowed host name -> IP addresses the egress proxy connects to instead of DNS
        (a copy; assign a dict to change). Set allowed_hosts first: each name must be one."""
        pins: dict[str, list[str]] = json.loads(self._native.host_resolution_json())
        return pins

    @host_resolution.setter
    def host_resolution(self, pins: Mapping[str, Iterable[str]]) -> None:
        lists = {name: _string_list(addresses, f"host_resolution.{name}")
                 for name, addresses in pins.items()}
        self._native.set_host_resolution(lists, self.host_resolution)

    @property
    def keep_capabilities(self) -> list[str]:
        """Capabilities the program keeps ("CAP_NET_BIND_SERVICE"); default none."""
        return self._native.get_list("keep_capabilities")

    @keep_capabilities.setter
    def keep_capabilities(self, names: Iterable[str]) -> None:
        self._native.set_list("keep_capabilities", _string_list(names, "keep_capabilities"))

    @property
    def hostname(self) -> str:
        return self._native.hostname

    @hostname.setter
    def hostname(self, value: str) -> None:
        self._native.set_hostname(value)

    @property
    def workdir(self) -> str:
        return self._native.workdir

    @workdir.setter
    def workdir(self, value: str) -> None:
        self._native.set_workdir(value)

    @property
    def host_uid(self) -> int:
        return self._native.host_ids[0]

    @host_uid.setter
    def host_uid(self, value: int) -> None:
        self._native.set_host_ids(value, self.host_gid)

    @property
    def host_gid(self) -> int:
        return self._native.host_ids[1]

    @host_gid.setter
    def host_gid(self, value: int) -> None:
        self._native.set_host_ids(self.host_uid, value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecurityPolicy) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"SecurityPolicy.from_json({self.to_json()!r})"


_FIELDS = frozenset(_native.LIMITS) | {
    "network", "on_output_overflow", "readonly_paths", "hostname", "workdir",
    "host_uid", "host_gid", "seccomp", "on_breach", "files", "allowed_hosts",
    "host_resolution", "keep_capabilities",
}
