"""What the commands share: building the hub once, running a unit of work, showing errors."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from hub.kit.errors import ConfigurationError, HubError

if TYPE_CHECKING:
    from hub.context import Hub

P = ParamSpec("P")
R = TypeVar("R")


@functools.cache
def hub() -> Hub:
    from hub.bootstrap import build_hub
    from hub.config import load_settings

    return build_hub(load_settings())


def reports_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Show our errors as their Vietnamese message and exit 1, instead of a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except HubError as exc:
            click.echo(f"Lỗi: {exc.detail}", err=True)
            sys.exit(1)
        except ConfigurationError as exc:
            click.echo(f"Configuration error: {exc}", err=True)
            sys.exit(2)

    return wrapper


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


class LazyChoice(click.Choice):
    """A choice whose values come from a module imported only when the option is used or its
    command's help is shown: the speech engines' names must not import numpy for `ttcs --help`."""

    def __init__(self, values: Callable[[], Iterable[str]]) -> None:
        self._values = values
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._values())

    @choices.setter
    def choices(self, value: object) -> None:
        pass  # click's __init__ assigns the (empty) tuple given above
