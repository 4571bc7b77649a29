"""Exits 0 when two cogov outputs hold bitwise identical series and snapshots.

usage: compare_outputs.py A.h5 B.h5
"""
import sys

import h5py


def same(x, y):
    """Bitwise: NaN (a trigger's value before its window fills) equals the same NaN."""
    return x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()


a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
problems = []
for name in a["series"]:
    if name not in b["series"]:
        problems.append(f"series {name} missing")
    elif not same(a["series"][name][:], b["series"][name][:]):
        problems.append(f"series {name} differs")
for snap in a.get("snapshots", {}):
    for col in a["snapshots"][snap]:
        if not same(a["snapshots"][snap][col][:], b["snapshots"][snap][col][:]):
            problems.append(f"snapshot {snap}/{col} differs")
if a.attrs["complete"] != b.attrs["complete"]:
    problems.append("completeness differs")
print("identical" if not problems else "; ".join(problems[:10]))
sys.exit(1 if problems else 0)
