"""Validate WCO Data Model customs declarations: XSD structure and formats, code lists,
identifiers and cross-field business rules, in one streaming pass (Rust, via PyO3).

>>> import wcodm
>>> v = wcodm.Validator.builtin("auto")              # once: compiles the rule sets
>>> report = v.validate(open("declaration.xml", "rb").read())
>>> report.valid, report.version
>>> for d in report.diagnostics:
...     print(d.line, d.code, d.rule, d.message, d.path, d.wco_pointer)

``Validator.from_xsd(path)`` takes a schema set such as a national customisation;
``validate_file`` streams a file; ``validate_many`` validates a batch on several threads with
the GIL released. ``wcodm.spark`` validates folders and tables on Apache Spark.
"""

from ._errors import Error, OptionError, ProfileError, RulePackError, SchemaError
from ._wcodm import SUPPORTED_VERSIONS, Diagnostic, Report, Validator, __version__

__all__ = [
    "Diagnostic",
    "Error",
    "OptionError",
    "ProfileError",
    "Report",
    "RulePackError",
    "SchemaError",
    "SUPPORTED_VERSIONS",
    "Validator",
    "__version__",
]
