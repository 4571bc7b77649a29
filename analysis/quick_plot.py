#!/usr/bin/python3
"""Plot one series from one or more cogov output files into a PNG.

usage: analysis/quick_plot.py SERIES OUT.png FILE.h5 [FILE.h5 ...]

Each file becomes one line, labelled with the file name. 2-D series (by age group or
region) draw one line per column. This is the small helper of the README tour; the full
analysis toolkit (sweeps, paired comparisons, reports) lives in analysis/ as it grows.
"""
import sys
from pathlib import Path

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    series, out, files = argv[1], argv[2], argv[3:]
    fig, ax = plt.subplots(figsize=(7, 4))
    for path in files:
        with h5py.File(path, "r") as f:
            if series not in f["series"]:
                names = ", ".join(sorted(f["series"]))
                print(f"{path}: no series '{series}'; available: {names}", file=sys.stderr)
                return 2
            ds = f["series"][series]
            day = f["series/day"][:]
            data = ds[:]
            units = ds.attrs.get("units", "")
            if data.ndim == 1:
                ax.plot(day, data, label=Path(path).stem)
            else:
                dim = f["series"][ds.dims[1].keys()[0]] if ds.dims[1].keys() else None
                labels = dim.attrs.get("labels", "").split() if dim is not None else []
                for k in range(data.shape[1]):
                    name = labels[k] if k < len(labels) else str(k)
                    ax.plot(day, data[:, k], label=f"{Path(path).stem} {name}")
    ax.set_xlabel("day")
    ax.set_ylabel(f"{series} [{units}]")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
