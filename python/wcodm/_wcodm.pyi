"""Type stubs of the native module (the docstrings live in the module itself)."""

import datetime
import os
from typing import Iterable, List, Mapping, Optional, Sequence, Union, final

_StrPath = Union[str, "os.PathLike[str]"]
_Item = Union[bytes, bytearray, _StrPath]
_Pack = Union[_StrPath, bytes]
_Day = Union[str, datetime.date]

__all__ = ["Diagnostic", "Report", "SUPPORTED_VERSIONS", "Validator", "__version__"]

__version__: str
SUPPORTED_VERSIONS: List[str]

@final
class Diagnostic:
    @property
    def code(self) -> str: ...
    @property
    def rule(self) -> Optional[str]: ...
    @property
    def severity(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def line(self) -> Optional[int]: ...
    @property
    def column(self) -> Optional[int]: ...
    @property
    def wco_id(self) -> Optional[str]: ...
    @property
    def wco_pointer(self) -> Optional[str]: ...
    @property
    def wco_names(self) -> Optional[str]: ...
    @property
    def national_code(self) -> Optional[str]: ...
    @property
    def location(self) -> Optional[str]: ...
    def to_dict(self) -> dict[str, Union[str, int, None]]: ...

@final
class Report:
    @property
    def valid(self) -> bool: ...
    @property
    def version(self) -> Optional[str]: ...
    @property
    def profile(self) -> Optional[str]: ...
    @property
    def category(self) -> Optional[str]: ...
    @property
    def truncated(self) -> bool: ...
    @property
    def diagnostics(self) -> List[Diagnostic]: ...
    @property
    def error_count(self) -> int: ...
    def to_dict(self) -> dict[str, object]: ...

@final
class Validator:
    @staticmethod
    def builtin(
        version: str = "auto",
        *,
        rules: Optional[Sequence[_Pack]] = None,
        profile: Optional[_StrPath] = None,
        mask_values: bool = False,
        max_errors: int = 100,
        today: Optional[_Day] = None,
        locations: bool = False,
    ) -> Validator: ...
    @staticmethod
    def from_xsd(
        path: _StrPath,
        *,
        rules: Optional[Sequence[_Pack]] = None,
        profile: Optional[_StrPath] = None,
        mask_values: bool = False,
        max_errors: int = 100,
        today: Optional[_Day] = None,
        locations: bool = False,
    ) -> Validator: ...
    @staticmethod
    def from_xsd_files(
        root: str,
        files: Mapping[str, Union[str, bytes]],
        *,
        label: Optional[str] = None,
        rules: Optional[Sequence[_Pack]] = None,
        profile: Optional[_StrPath] = None,
        mask_values: bool = False,
        max_errors: int = 100,
        today: Optional[_Day] = None,
        locations: bool = False,
    ) -> Validator: ...
    def validate(self, xml: Union[bytes, bytearray]) -> Report: ...
    def validate_file(self, path: _StrPath) -> Report: ...
    def validate_many(self, items: Iterable[_Item], *, threads: Optional[int] = None) -> List[Report]: ...
    def validate_rows(
        self, items: Iterable[_Item], files: Sequence[str], *, threads: int = 1
    ) -> dict[str, list[object]]: ...
