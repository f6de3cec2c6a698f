"""The command line: the Typer app, its shared options, and one module per group of
commands. Commands parse what was typed, call one core function, hand the result to an
output writer, and raise on failure; handler.py turns every error into its exit status."""

from ipcity.cli.app import app, main

__all__ = ["app", "main"]
