"""Figures -> one self-contained HTML page: static SVG charts (pygal) in a Jinja2 template."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from crawler.datasetreport.figures import Figures, figures_of, read_records

CHART_WIDTH = 640
# A chart's height grows with its bars, so that each label stays readable.
BAR_HEIGHT = 26
MIN_HEIGHT = 220


def _count(v: float) -> str:
    """Counts are whole: an axis tick between two whole numbers gets no label."""
    return f"{v:,.0f}" if float(v).is_integer() else ""


def _chart(kind: str, title: str, labels: list[str], values: list[float], *, percent: bool = False) -> str:
    """One chart as inline SVG without its script (pygal's is for tooltips; every value is printed).
    Horizontal bars run top-down in the order given (pygal draws the first at the bottom)."""
    import pygal
    from lxml import etree
    from pygal.style import CleanStyle

    style = CleanStyle(font_family="DejaVu Sans, Arial, sans-serif", value_font_size=13, label_font_size=13,
                       major_label_font_size=13, title_font_size=16)
    horizontal = kind == "hbar"
    if horizontal:
        labels, values = labels[::-1], values[::-1]
    cls = pygal.HorizontalBar if horizontal else pygal.Bar
    height = max(MIN_HEIGHT, 70 + BAR_HEIGHT * len(labels)) if horizontal else 320
    chart = cls(js=[], disable_xml_declaration=True, width=CHART_WIDTH, height=height,
                show_legend=False, print_values=True, style=style, x_label_rotation=0 if horizontal else 45,
                value_formatter=(lambda v: f"{v:.0%}") if percent else _count,
                range=(0, 1) if percent else None, truncate_label=40)
    chart.x_labels = labels
    chart.add(title, values)
    tree = chart.render_tree()
    for script in [e for e in tree.iter() if isinstance(e.tag, str) and e.tag.rsplit("}", 1)[-1] == "script"]:
        script.getparent().remove(script)
    return etree.tostring(tree, encoding="unicode")


def charts(fig: Figures) -> list[dict[str, str]]:
    """(id, caption, svg) of each chart worth drawing: a chart with no data is left out."""
    out = []

    def add(chart_id: str, kind: str, caption: str, pairs: list[tuple[str, Any]], **kw: Any) -> None:
        if pairs and any(v for _, v in pairs):
            out.append({"id": chart_id, "caption": caption,
                        "svg": _chart(kind, caption, [str(k) for k, _ in pairs], [v for _, v in pairs], **kw)})

    add("dropped", "hbar", "Articles dropped, by reason", list(fig.dropped.items()))
    add("languages", "hbar", "Languages", fig.languages)
    add("sources", "hbar", "Sources (outlets copied from)", fig.sources)
    add("per-day", "bar", "Articles per day (published)", fig.per_day)
    add("lengths", "bar", "Text length (words)", fig.lengths)
    add("coverage", "hbar", "Field coverage", fig.coverage, percent=True)
    return out


def render(fig: Figures) -> str:
    from jinja2 import Environment

    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(resources.files(__package__).joinpath("report.html.j2").read_text(encoding="utf-8"))
    from markupsafe import Markup

    drawn = [{**c, "svg": Markup(c["svg"])} for c in charts(fig)]
    failed = [v for v in fig.verdicts if v.get("status") in ("failed", "error")]
    return template.render(fig=fig, charts=drawn, failed=failed,
                           generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))


def write_report(jsonl: Path | None, out: Path, stats: dict[str, Any] | None = None,
                 verdicts: list[dict[str, str]] | None = None, title: str | None = None) -> Path:
    """Render the report of `jsonl` (None: a run that wrote no file) to `out`, replacing it
    atomically. Without the crawl's stats, exact and near copies inside the file are counted."""
    records = read_records(jsonl) if jsonl is not None and jsonl.exists() else iter(())
    fig = figures_of(records, title or (jsonl.name if jsonl is not None else out.name), stats, verdicts,
                     check_duplicates=stats is None)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(render(fig), encoding="utf-8")
    os.replace(tmp, out)
    return out
