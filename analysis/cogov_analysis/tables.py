"""Tables as Markdown, CSV and HTML, with numbers rounded for reading."""
from __future__ import annotations

import math

import pandas as pd


def _cell(v) -> str:
    if isinstance(v, float):
        if math.isnan(v):
            return "–"
        return f"{v:.4g}"
    return str(v)


def to_markdown(df: pd.DataFrame) -> str:
    header = "| " + " | ".join(map(str, df.columns)) + " |"
    rule = "|" + "|".join("---" for _ in df.columns) + "|"
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([header, rule, *rows]) + "\n"


def to_html(df: pd.DataFrame, css_class: str = "table") -> str:
    return df.to_html(index=False, classes=css_class, border=0, na_rep="–",
                      float_format=lambda v: f"{v:.4g}")
