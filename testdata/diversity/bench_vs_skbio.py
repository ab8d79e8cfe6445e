#!/usr/bin/python3
"""Time scikit-bio 0.5.8 and `gutlens diversity` on the same tables, stage by stage.

    make cli   # or: go build -o bin/gutlens ./analysis/cmd/gutlens
    /usr/bin/python3 testdata/diversity/bench_vs_skbio.py bin/gutlens [--big] [--hmp [PATH]] [--repeat R] [--baseline OLD]

Tables (samples x features, ~95 % zeros, counts 1 + floor(Exp(1) * (1 + f % 50)),
numpy default_rng(42)) are written as BIOM 1.0 JSON to a temporary directory:
100x1000 and 1000x5000; 5000x10000 with --big (scikit-bio's Bray-Curtis alone
takes minutes there); with --hmp also the HMP table of the corpus
(../shared/corpus/biom-json/HMPv35_100nt_even1k.json.biom.gz, 5452 samples x
5430 OTUs, or PATH).

Both sides time the same four stages in-process, each stage on its own:
  parse       scikit-bio: biom.load_table(path)       gutlens: reading and decoding the file
  alpha       the metrics of the gutlens-diversity/1 contract for every sample
              (scikit-bio: skbio.diversity.alpha, one call per metric and sample)
  braycurtis  beta_diversity("braycurtis", counts)    gutlens: diversity.BrayCurtisMatrix
  pcoa        skbio.stats.ordination.pcoa(dm)         gutlens: ordination.PCoA (Auto)
The gutlens times are the ones `gutlens diversity FILE --timings` prints to
stderr (measured inside the process with Go's monotonic clock, like
time.perf_counter here), so process start-up and output are not counted
against either side; "wall" is the whole gutlens command for reference. Each
stage is run R times on both sides (default 5 for tables up to 1000 samples,
1 above) and the fastest is kept, so a busy machine penalises both alike;
parse, the cheap stage, is run at least 5 times on both sides (the extra
gutlens runs count for parse only), as one run of it on a busy machine
makes its ratio a coin toss.
The CPU count and load average are printed: on a loaded machine the ratios
are noisy. --baseline OLD times a second gutlens binary (say, one built
from an earlier commit) in the same run, for before/after ratios.
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
import scipy
import skbio
from skbio.diversity import alpha as A
from skbio.diversity import beta_diversity
from skbio.stats.ordination import pcoa

warnings.simplefilter("ignore")

HMP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "corpus",
                   "biom-json", "HMPv35_100nt_even1k.json.biom.gz")


# The fewest runs of the parse stage on each side.
PARSE_REPEAT = 5


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


def best(f, repeat):
    """The result of f and its fastest time over repeat runs."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        r = f()
        times.append(time.perf_counter() - t)
    return r, min(times)


def gutlens(exe, path, repeat, parse_repeat=None):
    """The fastest time of each stage over repeat runs of the command, and the fastest wall time.

    With parse_repeat > repeat, the command is run parse_repeat times and
    the runs past repeat count for parse_s only. Binaries from before
    --timings (an older baseline) are read from the timings_s of the --json
    document instead."""
    stages, walls = {}, []
    for run in range(max(repeat, parse_repeat or 0)):
        if run >= repeat:
            extra, _ = gutlens(exe, path, 1)
            stages["parse_s"] = min(stages["parse_s"], extra["parse_s"])
            continue
        t = time.perf_counter()
        p = subprocess.run([exe, "diversity", path, "--timings"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        walls.append(time.perf_counter() - t)
        if p.returncode == 2 and "-timings" in p.stderr:
            t = time.perf_counter()
            for k, v in json_timings(exe, path).items():
                stages[k] = min(stages.get(k, math.inf), v)
            walls[-1] = time.perf_counter() - t  # includes writing the document
            continue
        if p.returncode != 0:
            raise SystemExit(f"{exe} diversity {path}: exit {p.returncode}: {p.stderr}")
        for line in p.stderr.splitlines():
            f = line.split()
            if len(f) == 3 and f[0] == "timing":
                stages[f[1]] = min(stages.get(f[1], math.inf), float(f[2]))
    return stages, min(walls)


def json_timings(exe, path):
    """The timings_s object of the --json document, read from its end."""
    with tempfile.TemporaryFile() as f:
        subprocess.run([exe, "diversity", path, "--json"], check=True, stdout=f)
        f.seek(max(0, f.tell() - 4096))
        tail = f.read().decode()
    return json.loads("{" + tail[tail.rindex('"timings_s"'):].rstrip().rstrip("}") + "}}")["timings_s"]


def main():
    args = sys.argv[1:]
    exe = args.pop(0)
    repeat, baseline = None, None
    if "--repeat" in args:
        i = args.index("--repeat")
        repeat = int(args[i + 1])
        del args[i:i + 2]
    if "--baseline" in args:
        i = args.index("--baseline")
        baseline = args[i + 1]
        del args[i:i + 2]
    tables = [("100x1000", (100, 1000)), ("1000x5000", (1000, 5000))]
    if "--big" in args:
        tables.append(("5000x10000", (5000, 10000)))
    if "--hmp" in args:
        i = args.index("--hmp")
        path = args[i + 1] if i + 1 < len(args) and not args[i + 1].startswith("--") else HMP
        tables.append(("HMP", path))
    try:  # the commit the binary was built from, when go is on PATH
        info = subprocess.run(["go", "version", "-m", exe], capture_output=True, text=True).stdout
        version = " ".join(l.split("=", 1)[1] for l in info.splitlines() if "vcs.revision=" in l or "vcs.modified=" in l)
    except OSError:
        version = ""
    print(f"cpus {os.cpu_count()}, load {os.getloadavg()}; scikit-bio {skbio.__version__}, biom-format "
          f"{biom.__version__}, numpy {np.__version__}, scipy {scipy.__version__}; gutlens {version or exe}")
    head = f"{'table':>12} {'stage':>10} {'skbio_s':>10} {'gutlens_s':>10} {'ratio':>7}"
    print(head + (f" {'baseline_s':>10} {'ratio':>7}" if baseline else ""))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, spec in tables:
            if isinstance(spec, str):
                p = spec
            else:
                p = os.path.join(tmp, f"bench_{name}.biom")
                with open(p, "w") as f:
                    f.write(table(*spec).to_json("bench"))
            t, parse = best(lambda: biom.load_table(p), 1)
            n = t.shape[1]
            r = repeat or (5 if n <= 1000 else 1)
            pr = max(r, PARSE_REPEAT)
            _, parse = best(lambda: biom.load_table(p), pr)
            counts = np.asarray(t.matrix_data.toarray().T, dtype=np.int64)
            ids = list(t.ids("sample"))
            _, alpha = best(lambda: [skbio_alpha(c) for c in counts], r)
            dm, bc = best(lambda: beta_diversity("braycurtis", counts, ids), r)
            _, pc = best(lambda: pcoa(dm), r)
            g, wall = gutlens(exe, p, r, pr)
            b, bwall = gutlens(baseline, p, r, pr) if baseline else ({}, None)
            for stage, s, k in [("parse", parse, "parse_s"), ("alpha", alpha, "alpha_s"),
                                ("braycurtis", bc, "braycurtis_s"), ("pcoa", pc, "pcoa_s")]:
                line = f"{name:>12} {stage:>10} {s:10.4f} {g[k]:10.4f} {s / g[k]:7.1f}"
                if baseline:
                    line += f" {b[k]:10.4f} {s / b[k]:7.1f}"
                print(line, flush=True)
                rows.append((name, stage, s, g[k], b.get(k)))
            print(f"{name:>12} {'wall':>10} {'':>10} {wall:10.4f}" + (f" {'':>7} {bwall:10.4f}" if baseline else "")
                  + f"   (whole gutlens command, best of {r}; parse best of {pr})", flush=True)
    print(f"\nload {os.getloadavg()}\n")
    if baseline:
        print("| table | stage | scikit-bio 0.5.8 (s) | gutlens baseline (s) | ratio | gutlens (s) | ratio |\n|---|---|---|---|---|---|---|")
    else:
        print("| table | stage | scikit-bio 0.5.8 (s) | gutlens (s) | ratio |\n|---|---|---|---|---|")
    for name, stage, s, g, b in rows:
        if baseline:
            print(f"| {name} | {stage} | {s:.4g} | {b:.4g} | {s / b:.1f} | {g:.4g} | {s / g:.1f} |")
        else:
            print(f"| {name} | {stage} | {s:.4g} | {g:.4g} | {s / g:.1f} |")


if __name__ == "__main__":
    main()
