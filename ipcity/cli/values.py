"""Option values read without Pydantic: text, whole numbers within bounds, paths, choices
and the words of a choice option, and lists of text, as Typer reads them.

Typer 0.29 reads every value through a Pydantic TypeAdapter (typer/_adapters.py, which
imports Pydantic: a tenth of a second before a command can start, more than the rest of
`ipcity list` on a city's plan). Each parameter builds its reader once, lazily
(_TyperParameter.get_runtime_param, cached in `_runtime_param`); the Command and Group
classes (usage.py) set that cache, before parsing, to a PlainParam here for each
annotation ipcity's commands use. A parameter of any other kind keeps Typer's own. The
values and refusals are Pydantic's, rule for rule (tests/test_values.py compares them on
many inputs), but for one quirk: Pydantic reads "0-1" as -1, which is refused here. A
refusal carries what usage.bad_value words in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, TypeDescriptor
from typer._param_types import coerce_cli_choice, coerce_cli_path

if TYPE_CHECKING:
    from typer._click import Context
    from typer.core import _TyperParameter


class Refused(ValueError):
    """A value not taken: what kind of refusal (as Pydantic names it), the value typed, and
    the bound it crossed."""

    def __init__(self, kind: str, typed: Any, limits: dict[str, Any] | None = None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.typed = typed
        self.limits = limits or {}


Read = Callable[[Any, "Context"], Any]


@dataclass(frozen=True)
class PlainParam(RuntimeParam):
    """Typer's runtime reading of one parameter, by a function of the value."""

    read: Read

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        try:
            return self.read(value, ctx)
        except Refused as exc:
            raise BadParameter(exc.kind, ctx=ctx, param=param) from exc


def _text(value: Any, ctx: Context) -> str:
    if isinstance(value, bytes):  # as Typer's _parse_cli_str: what the shell gave as bytes
        return value.decode("utf-8", "replace")
    return str(value)


# Pydantic's lax integer from text: white space around (Unicode's White_Space, as Rust
# trims it: not Python's \x1c-\x1f), a sign, leading zeros (among which underscores may
# run), ASCII digits grouped by single underscores, and a fraction of zeros ("1.0").
_DIGITS = r"[1-9][0-9]*(?:_[0-9]+)*"
_INTEGER = re.compile(rf"[+-]?(?:0[0_]*{_DIGITS}|0[0_]*(?<!_)|{_DIGITS})(?:\.0+)?")
_WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
_WHITE_SPACE += "\u2028\u2029\u202f\u205f\u3000"


def _whole(low: float | None, high: float | None) -> Read:
    def read(value: Any, ctx: Context) -> int:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise Refused("int_type", value)
        if isinstance(value, str):
            text = value.strip(_WHITE_SPACE)
            if not _INTEGER.fullmatch(text):
                raise Refused("int_parsing", value)
            number = int(text.partition(".")[0].replace("_", ""))
        else:
            number = value
        if low is not None and number < low:
            raise Refused("greater_than_equal", value, {"ge": low})
        if high is not None and number > high:
            raise Refused("less_than_equal", value, {"le": high})
        return number

    return read


_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def _flag(value: Any, ctx: Context) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word == "" or word in _FALSE:
        return False
    if word in _TRUE:
        return True
    raise Refused("bool_parsing", value)


def _choice(choices: tuple[Any, ...], case_sensitive: bool) -> Read:
    def read(value: Any, ctx: Context) -> Any:
        try:
            return coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)
        except ValueError:
            raise Refused("value_error", value) from None

    return read


def _parsed(parser: Callable[[Any], Any]) -> Read:
    def read(value: Any, ctx: Context) -> Any:
        try:
            return parser(value)
        except ValueError:
            raise Refused("value_error", value) from None

    return read


def _path(descriptor: TypeDescriptor) -> Read:
    info = descriptor.parameter_info

    def read(value: Any, ctx: Context) -> Any:
        if isinstance(value, bytes):
            value = value.decode("utf-8", "surrogateescape")
        if not isinstance(value, str | Path):
            raise Refused("path_type", value)
        # A Path already: Typer's own checks (exists, dir_okay…) then need no Pydantic.
        try:
            return coerce_cli_path(Path(value), info, path_type=Path, ctx=ctx)
        except ValueError:  # a NUL in it: refused, as Typer's validator refuses it
            raise Refused("value_error", value) from None

    return read


def _each(read: Read) -> Read:
    def each(value: Any, ctx: Context) -> list[Any]:
        values = value if isinstance(value, list | tuple) else [value]
        return [read(v, ctx) for v in values]

    return each


def reader(descriptor: TypeDescriptor) -> Read | None:
    """How to read a value of this parameter without Pydantic; None: leave it to Typer."""
    annotation: Any = descriptor.annotation
    if descriptor.file_annotation is not None:
        return None
    if get_origin(annotation) is list:
        (inner,) = get_args(annotation)
        found = _leaf(inner, descriptor)
        return _each(found) if found is not None else None
    return _leaf(annotation, descriptor)


def _leaf(annotation: Any, descriptor: TypeDescriptor) -> Read | None:
    info = descriptor.parameter_info
    if info.parser is not None:
        return _parsed(info.parser)
    if get_origin(annotation) is Literal:
        return _choice(get_args(annotation), info.case_sensitive)
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation is int and not info.clamp:
        return _whole(info.min, info.max)
    if annotation is Path and info.path_type is None and not info.resolve_path:
        return _path(descriptor)
    return None


def plain_params(params: list[Any]) -> None:
    """Give each Typer parameter a reader that needs no Pydantic, where there is one."""
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", True) is not None:
            continue
        read = reader(descriptor)
        if read is not None:
            param._runtime_param = PlainParam(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                read=read,
            )
