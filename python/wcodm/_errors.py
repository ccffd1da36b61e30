"""The exceptions wcodm raises. Problems found in a *message* are never exceptions: they are
diagnostics in a Report. These are for rule sets and options that cannot be used."""


from typing import Optional


class Error(Exception):
    """Base class of every wcodm exception."""


class SchemaError(Error):
    """A schema set cannot be read or compiled (the message names the file and what is wrong)."""


class RulePackError(Error):
    """A rule pack cannot be read or compiled. The message names the pack, the rule and the
    place; the attributes hold them: ``pack`` (its file, or its name when it was given as
    bytes), ``file`` (the file it was read from, ``None`` for bytes), ``rule`` (the id of the
    rule at fault), ``line`` and ``column`` (1-based, in the pack's text), each ``None`` when
    not known."""

    pack: Optional[str]
    file: Optional[str]
    rule: Optional[str]
    line: Optional[int]
    column: Optional[int]

    def __init__(
        self,
        message: str,
        pack: Optional[str] = None,
        file: Optional[str] = None,
        rule: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.pack = pack
        self.file = file
        self.rule = rule
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ProfileError(Error):
    """A national profile cannot be found, read or compiled (unknown name, bad folder, a path
    the schema does not have)."""


class OptionError(Error, ValueError):
    """An option has a value wcodm cannot take (an unknown version, a bad date, ...)."""


# Shown as wcodm.SchemaError (where they are imported from), not wcodm._errors.SchemaError.
for _cls in (Error, SchemaError, RulePackError, ProfileError, OptionError):
    _cls.__module__ = "wcodm"
