"""`ttcs handbook pdf`: the officials' handbook as one printable PDF (built by `hub.web.handbook`)."""

from __future__ import annotations

from pathlib import Path

import click


@click.group(help="The officials' handbook (docs/huong-dan/).")
def handbook() -> None:
    pass


@handbook.command("pdf", help="The handbook as one printable A4 PDF, with its screenshots.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("so-tay-ttcs.pdf"),
              show_default=True, help="File to write.")  # fmt: skip
@click.option("--source", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="The handbook's folder; default docs/huong-dan of this checkout.")  # fmt: skip
def handbook_pdf(output: Path, source: Path | None) -> None:
    from hub.web.handbook import pdf
    from hub.web.pages.help import SOURCE_DIR

    written = pdf(output, source or SOURCE_DIR)
    click.echo(f"Đã ghi {written} ({written.stat().st_size} byte).")
