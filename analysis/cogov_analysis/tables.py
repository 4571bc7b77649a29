"""Tables as Markdown, CSV and HTML, with numbers rounded for reading: yuan and other large
numbers in plain digits with thousands separators, never as 1.2e+05."""
from __future__ import annotations

import html
import math

import pandas as pd


def number(v, units: str = "") -> str:
    """A number for reading: '–' for NaN, '1,234,567' for large values and yuan, four
    significant digits otherwise (scientific notation only below 0.001)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, (bool,)) or not isinstance(v, (int, float)):
        return str(v)
    v = float(v)
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1e4 or ("yuan" in units and a >= 100):
        text = f"{v:,.0f}"
    elif a >= 1e-3:
        text = f"{v:.4g}"
    else:
        text = f"{v:.2e}"
    return text.replace("-", "−")


def interval(lo, hi, units: str = "") -> str:
    if lo is None or hi is None or any(isinstance(v, float) and math.isnan(v) for v in (lo, hi)):
        return "–"
    return f"[{number(lo, units)}, {number(hi, units)}]"


def _cell(v) -> str:
    if isinstance(v, float):
        if math.isnan(v):
            return "–"
        return f"{v:,.0f}" if abs(v) >= 1e4 else f"{v:.4g}"
    return str(v)


def to_markdown(df: pd.DataFrame) -> str:
    header = "| " + " | ".join(map(str, df.columns)) + " |"
    rule = "|" + "|".join("---" for _ in df.columns) + "|"
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([header, rule, *rows]) + "\n"


def to_html(df: pd.DataFrame, css_class: str = "table") -> str:
    return df.to_html(index=False, classes=css_class, border=0, na_rep="–",
                      float_format=lambda v: number(v))


def html_table(header: list[str], rows: list[list[str]], css_class: str = "table",
               raw: bool = False) -> str:
    """A table of already formatted cells (escaped unless raw), in a container that scrolls
    sideways when the table is wider than the page."""
    esc = (lambda s: s) if raw else html.escape
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "\n".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>"
                     for row in rows)
    return (f'<div class="scroll"><table class="{css_class}"><thead><tr>{head}</tr></thead>'
            f"<tbody>\n{body}\n</tbody></table></div>")
