"""The command line's own errors in Chinese: an unknown option or command, a missing or
unusable value, a word too many. Each is shown like Click's (the usage line, where to
find help, the error) and exits 2.

Typer 0.29 vendors Click (typer._click) and writes these messages as English f-strings,
not through gettext, so no message catalog can reach them. The errors carry what they
are about, though (NoSuchOption.option_name and .possibilities, MissingParameter.param,
the value Pydantic refused under a BadParameter), so the Command and Group here catch
them where the command line is parsed and say the same in Chinese. Every command and
the app itself are made with these classes (app.py passes cls=). They also let a shell
completion know the arguments typed before the option whose value it completes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

import typer
from typer._click import Command as ClickCommand
from typer._click import Context as ClickContext
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup

from ipcity.cli.help import HelpFormatter
from ipcity.cli.options import Words
from ipcity.cli.values import Refused, plain_params


class Context(typer.Context):
    formatter_class = HelpFormatter


class ChineseUsageError(UsageError):
    """A usage error already in Chinese, shown with the usage line and the help hint."""

    def show(self, file: IO[Any] | None = None) -> None:
        lines = []
        if self.ctx is not None:
            lines.append(self.ctx.get_usage())
            if self.ctx.command.get_help_option(self.ctx) is not None:
                help_option = self.ctx.help_option_names[0]
                lines.append(f"用 `{self.ctx.command_path} {help_option}` 查看帮助。")
            lines.append("")
        lines.append(f"错误：{self.message}")
        typer.echo("\n".join(lines), file=file, err=True)


def either(names: Sequence[str]) -> str:
    return "、".join(names[:-1]) + f" 或 {names[-1]}" if len(names) > 1 else names[0]


def suggestion(close: Sequence[str]) -> str:
    return f"，是不是要 {either(close)}？" if close else "。"


def name_of(param: Any) -> str:
    """How a person typed it: an option by its long name, an argument by its metavar."""
    if param.param_type_name == "option":
        return str(max(param.opts, key=len))
    return str(param.display_name_raw)


def choices_of(param: Any) -> str | None:
    """A choice parameter's values, with their Chinese words when it takes some."""
    words = param.type_descriptor.parameter_info.parser
    if isinstance(words, Words):
        return words.listed()
    choices = param.type_descriptor.choices
    return "、".join(map(str, choices)) if choices else None


def bad_value(exc: BadParameter) -> str | None:
    """Why a value was refused, from the refusal under the error (values.Refused, or the
    Pydantic error of a parameter Typer reads itself); None when there is neither."""
    cause = exc.__cause__
    if exc.param is None or cause is None:
        return None
    if isinstance(cause, Refused):
        kind, typed, limits = cause.kind, cause.typed, cause.limits
    elif type(cause).__module__.startswith("pydantic"):
        errors: list[Any] = getattr(cause, "errors", list)()
        if not errors:
            return None
        kind, typed, limits = errors[0]["type"], errors[0]["input"], errors[0].get("ctx", {})
    else:
        return None
    name = name_of(exc.param)
    choices = choices_of(exc.param)
    if choices is not None:
        return f"{name} 只能是 {choices}，不能是「{typed}」。"
    if kind == "int_parsing":
        return f"{name} 要写整数，不能是「{typed}」。"
    if kind == "greater_than_equal":
        return f"{name} 至少是 {limits['ge']}，不能是「{typed}」。"
    if kind == "less_than_equal":
        return f"{name} 至多是 {limits['le']}，不能是「{typed}」。"
    return f"{name} 不能是「{typed}」。"


def in_chinese(exc: UsageError, ctx: ClickContext) -> str:
    """What the error says, in Chinese; Click's words only for an error it has no
    attributes to rebuild from (none that the commands of ipcity give)."""
    if isinstance(exc, NoSuchOption):
        return f"没有选项 {exc.option_name}{suggestion(exc.possibilities or [])}"
    if isinstance(exc, BadOptionUsage):
        param = next((p for p in ctx.command.get_params(ctx) if exc.option_name in p.opts), None)
        if getattr(param, "is_flag", False):
            return f"选项 {exc.option_name} 不带值。"
        return f"选项 {exc.option_name} 后面要写一个值。"
    if isinstance(exc, MissingParameter) and exc.param is not None:
        kind = "选项" if exc.param.param_type_name == "option" else "参数"
        choices = choices_of(exc.param)
        return f"缺少{kind} {name_of(exc.param)}" + (f"，可以是 {choices}。" if choices else "。")
    if isinstance(exc, BadParameter):
        return bad_value(exc) or exc.format_message()
    return exc.format_message()


@contextmanager
def chinese_errors(ctx: ClickContext) -> Iterator[None]:
    try:
        yield
    except (ChineseUsageError, NoArgsIsHelpError):
        raise
    except UsageError as exc:
        raise ChineseUsageError(in_chinese(exc, exc.ctx or ctx), exc.ctx or ctx) from None


class _Chinese(ClickCommand):
    """What a command and the app share: the Chinese context and help option, and the
    errors of parsing in Chinese."""

    context_class = Context

    def get_help_option(self, ctx: ClickContext) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示帮助后退出"
        return option

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        plain_params(self.get_params(ctx))  # read without Pydantic (values.py)
        if ctx.resilient_parsing and args and self.awaits_value(ctx, args[-1]):
            # A shell completes this option's value. Click's parser would stop at the
            # option that has none and never read the arguments before it: leave it
            # out, so that a completion knows the task typed (record 14 --duty <TAB>).
            args = args[:-1]
        # Click refuses a word too many with a bare message: let it through, and say which.
        extra_allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            with chinese_errors(ctx):
                rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = extra_allowed
        if rest and not extra_allowed and not ctx.resilient_parsing:
            words = "".join(f"「{word}」" for word in rest)
            raise ChineseUsageError(f"多余的参数{words}（值里有空格时，要给整个值加引号）。", ctx)
        return rest

    def awaits_value(self, ctx: ClickContext, word: str) -> bool:
        """Whether the word is an option that takes a value (--duty, not --force)."""
        return any(
            word in param.opts and not getattr(param, "is_flag", False)
            for param in self.get_params(ctx)
            if param.param_type_name == "option"
        )


class Command(_Chinese, TyperCommand):
    """Every ipcity command."""


class Group(_Chinese, TyperGroup):
    """The ipcity app: its commands, and the errors of finding one."""

    def resolve_command(
        self, ctx: ClickContext, args: list[str]
    ) -> tuple[str | None, Any, list[str]]:
        name = args[0]
        if (
            self.get_command(ctx, name) is None
            and not name.startswith("-")
            and not ctx.resilient_parsing
        ):
            close = difflib.get_close_matches(name, self.list_commands(ctx))
            raise ChineseUsageError(f"没有命令 {name}{suggestion(close)}", ctx)
        with chinese_errors(ctx):
            return super().resolve_command(ctx, args)

    def invoke(self, ctx: ClickContext) -> Any:
        if not ctx._protected_args and not self.invoke_without_command:
            raise ChineseUsageError("缺少命令。", ctx)
        return super().invoke(ctx)
