"""The regional knowledge base: states, places, organisations, people, operations (YAML)."""

from obzor.kb.loader import KB, Entry, KBError, Role, RoleRule, load_kb

__all__ = ["KB", "Entry", "KBError", "Role", "RoleRule", "load_kb"]
