#!/usr/bin/python3
"""Time scikit-bio 0.5.8 and `gutlens diversity` on the same synthetic tables.

    go build -o /tmp/gutlens ./analysis/cmd/gutlens
    /usr/bin/python3 testdata/diversity/bench_vs_skbio.py /tmp/gutlens [--big]

Tables (samples x features, ~95 % zeros, counts 1 + floor(Exp(1) * (1 + f % 50)),
numpy default_rng seeded) are written as BIOM 1.0 JSON to a temporary directory:
100x1000 and 1000x5000, and 5000x10000 with --big (scikit-bio's Bray-Curtis
alone takes minutes there). For each, scikit-bio times: parse (biom.load_table),
all alpha (the metrics of the gutlens-diversity/1 contract, per sample), Bray-Curtis
(beta_diversity) and PCoA (pcoa, eigh); gutlens times come from its own
timings_s (parse_s, alpha_s, braycurtis_s, pcoa_s) in the same run, plus the
wall time of the whole command. CPU counts and load are printed: on a loaded
machine the ratios are noisy.
"""
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import biom
from skbio.diversity import alpha as A
from skbio.diversity import beta_diversity
from skbio.stats.ordination import pcoa

warnings.simplefilter("ignore")


def table(n, d, seed=42):
    rng = np.random.default_rng(seed)
    mask = rng.random((d, n)) < 0.05
    vals = 1 + np.floor(rng.exponential(1.0, (d, n)) * (1 + (np.arange(d) % 50))[:, None])
    m = np.where(mask, vals, 0)
    m[0, m.sum(axis=0) == 0] = 1
    return biom.Table(m, [f"F{i}" for i in range(d)], [f"S{j}" for j in range(n)])


def skbio_alpha(c):
    A.shannon(c, base=math.e); A.shannon(c, base=2); A.simpson(c); A.dominance(c); A.enspie(c)
    A.pielou_e(c); A.berger_parker_d(c); A.singles(c); A.doubles(c); A.chao1(c)
    A.chao1(c, bias_corrected=False); A.goods_coverage(c); A.fisher_alpha(c)
    try:
        A.ace(c)
    except ValueError:
        pass


def timings(path):
    """The timings_s object, read from the end of a (possibly huge) document."""
    with open(path, "rb") as f:
        f.seek(max(0, os.path.getsize(path) - 4096))
        tail = f.read().decode()
    return json.loads("{" + tail[tail.rindex('"timings_s"'):].rstrip().rstrip("}") + "}}")["timings_s"]


def timed(f):
    t = time.perf_counter()
    r = f()
    return r, time.perf_counter() - t


def main():
    exe = sys.argv[1]
    sizes = [(100, 1000), (1000, 5000)] + ([(5000, 10000)] if "--big" in sys.argv else [])
    print(f"cpus {os.cpu_count()}, load {os.getloadavg()}")
    print(f"{'table':>12} {'step':>10} {'skbio_s':>9} {'gutlens_s':>9} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for n, d in sizes:
            p = os.path.join(tmp, f"bench_{n}x{d}.biom")
            with open(p, "w") as f:
                f.write(table(n, d).to_json("bench"))
            t, parse = timed(lambda: biom.load_table(p))
            counts = np.asarray(t.matrix_data.toarray().T, dtype=np.int64)
            ids = list(t.ids("sample"))
            _, alpha = timed(lambda: [skbio_alpha(c) for c in counts])
            dm, bc = timed(lambda: beta_diversity("braycurtis", counts, ids))
            _, pc = timed(lambda: pcoa(dm))
            out = p + ".json"
            with open(out, "wb") as f:
                _, wall = timed(lambda: subprocess.run([exe, "diversity", p, "--json"], check=True, stdout=f))
            g = timings(out)
            os.remove(out)
            for step, s, k in [("parse", parse, "parse_s"), ("alpha", alpha, "alpha_s"),
                               ("braycurtis", bc, "braycurtis_s"), ("pcoa", pc, "pcoa_s")]:
                print(f"{n}x{d:>7} {step:>10} {s:9.4f} {g[k]:9.4f} {s / g[k]:7.1f}")
            print(f"{n}x{d:>7} {'gutlens wall (whole command, incl. Jaccard, Aitchison, JSON)':>10} {wall:.3f}")


if __name__ == "__main__":
    main()
