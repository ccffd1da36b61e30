"""The exceptions wcodm raises. Problems found in a *message* are never exceptions: they are
diagnostics in a Report. These are for rule sets and options that cannot be used."""


class Error(Exception):
    """Base class of every wcodm exception."""


class SchemaError(Error):
    """A schema set cannot be read or compiled (the message names the file and what is wrong)."""


class RulePackError(Error):
    """A rule pack cannot be read or compiled (the message names the pack and the rule)."""


class ProfileError(Error):
    """A national profile cannot be found, read or compiled (unknown name, bad folder, a path
    the schema does not have)."""


class OptionError(Error, ValueError):
    """An option has a value wcodm cannot take (an unknown version, a bad date, ...)."""


# Shown as wcodm.SchemaError (where they are imported from), not wcodm._errors.SchemaError.
for _cls in (Error, SchemaError, RulePackError, ProfileError, OptionError):
    _cls.__module__ = "wcodm"
