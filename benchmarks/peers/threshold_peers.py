#!/usr/bin/python3
"""Peers for the threshold workload, on an Erdős–Rényi graph of the same size and mean
degree as cogov's: a vectorised NumPy/SciPy step (sparse matrix times the 0/1 state) and
graph-tool's BinaryThresholdState (C++/OpenMP, Debian python3-graph-tool). Prints one JSON
object per peer with ms per step (median of repeats) and edge visits per second.

usage: threshold_peers.py NETIZENS [--degree 10] [--steps 20] [--repeats 5] [--threads 2]
"""
import argparse
import json
import os
import sys
import time
import warnings


def er_edges(n, degree, rng):
    """G(n, m) with m = n * degree / 2 undirected edges, self-loops and duplicates dropped."""
    import numpy as np

    m = int(n * degree / 2)
    src = rng.integers(0, n, size=int(m * 1.02), dtype=np.int64)
    dst = rng.integers(0, n, size=src.size, dtype=np.int64)
    keep = src != dst
    src, dst = np.minimum(src[keep], dst[keep]), np.maximum(src[keep], dst[keep])
    key = np.unique(src * n + dst)[:m]
    return (key // n).astype(np.int64), (key % n).astype(np.int64)


def timed(step, steps, repeats):
    per_step = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(steps):
            step()
        per_step.append((time.perf_counter() - t) / steps)
    per_step.sort()
    median = per_step[len(per_step) // 2]
    return median, (per_step[-1] - per_step[0]) / median


def numpy_peer(n, src, dst, theta, state0, steps, repeats):
    import numpy as np
    import scipy.sparse as sp

    rows = np.concatenate([src, dst])
    cols = np.concatenate([dst, src])
    a = sp.csr_matrix((np.ones(rows.size, dtype=np.int32), (rows, cols)), shape=(n, n))
    degree = np.diff(a.indptr)
    need = theta * degree
    state = {"s": state0.astype(np.int32)}

    def step():
        count = a @ state["s"]
        state["s"] = ((count >= need) & (degree > 0)).astype(np.int32)

    median, spread = timed(step, steps, repeats)
    return {"peer": "numpy/scipy (sparse matvec)", "ms_per_step": median * 1e3,
            "spread": spread, "edge_visits_per_s": a.nnz / median, "directed_edges": int(a.nnz)}


def graph_tool_peer(n, src, dst, theta, state0, steps, repeats, threads):
    import numpy as np

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import graph_tool as gt
        from graph_tool.dynamics import BinaryThresholdState
    gt.openmp_set_num_threads(threads)
    g = gt.Graph(directed=False)
    g.add_vertex(n)
    g.add_edge_list(np.column_stack([src, dst]))
    h = g.new_vertex_property("double")
    h.a = theta
    s = g.new_vertex_property("int32_t")
    s.a = state0
    state = BinaryThresholdState(g, w=1.0, h=h, r=0.0, s=s)
    median, spread = timed(lambda: state.iterate_sync(niter=1), steps, repeats)
    directed = 2 * g.num_edges()
    return {"peer": f"graph-tool {gt.__version__} BinaryThresholdState.iterate_sync",
            "ms_per_step": median * 1e3, "spread": spread,
            "edge_visits_per_s": directed / median, "directed_edges": directed}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("netizens", type=float)
    ap.add_argument("--degree", type=float, default=10.0)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    args = ap.parse_args()
    import numpy as np

    n = int(args.netizens)
    rng = np.random.default_rng(1)
    src, dst = er_edges(n, args.degree, rng)
    theta = np.full(n, 0.18)
    state0 = (rng.random(n) < 0.1).astype(np.int32)
    print(json.dumps({"netizens": n, **numpy_peer(n, src, dst, theta, state0, args.steps,
                                                   args.repeats)}))
    try:
        result = graph_tool_peer(n, src, dst, theta, state0, args.steps, args.repeats,
                                 args.threads)
        print(json.dumps({"netizens": n, **result}))
    except ImportError as e:
        print(json.dumps({"netizens": n, "peer": "graph-tool", "missing": str(e)}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
