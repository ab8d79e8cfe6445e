#!/usr/bin/python3
"""Fit the fixed enterotype reference used by analysis/health/enterotype.go.

Reads the Arumugam et al. 2011 genus table as exported from phyloseq's
data(enterotype) (../shared/corpus/generic-csv/phyloseq_enterotype_samples-in-rows.csv)
and the published enterotype of each sample (phyloseq_enterotype_sample_data.csv,
next to this script), and writes

  analysis/health/data/enterotype/reference_fit.json   (derived numbers only)
  testdata/enterotype/expected.json                    (oracle values for the Go tests)

Method (see README.md):
  * reference genera: named genera (not "-1", "Bacteria", family-level
    "...aceae" rows or merged names) with mean relative abundance >= 0.1 %
    over the 280 samples;
  * each sample restricted to these genera and renormalised to 1;
  * centroids: arithmetic mean composition of the samples with each published
    enterotype (1 Bacteroides, 2 Prevotella, 3 Ruminococcus);
  * distance: Jensen-Shannon distance (square root of the JS divergence,
    natural log) with pseudocount 1e-6 added to every genus, then renormalised
    (as in the EMBL enterotyping tutorial);
  * weights: softmax(-d_k / tau), tau fitted by maximum likelihood of the
    published labels;
  * per type, quantiles of its members' distance to its own centroid.

Debian packages only: /usr/bin/python3 with python3-numpy and python3-scipy.
"""
import csv
import datetime
import hashlib
import itertools
import json
import os
import sys

import numpy as np
from scipy.optimize import minimize_scalar

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
CORPUS = os.path.normpath(os.path.join(REPO, "..", "shared", "corpus"))
TABLE = os.path.join(CORPUS, "generic-csv", "phyloseq_enterotype_samples-in-rows.csv")
LABELS = os.path.join(HERE, "phyloseq_enterotype_sample_data.csv")
OUT = os.path.join(REPO, "analysis", "health", "data", "enterotype", "reference_fit.json")
EXPECTED = os.path.join(HERE, "expected.json")

PSEUDOCOUNT = 1e-6
MIN_MEAN = 0.001
TYPES = [
    {"id": "bacteroides", "label": 1, "driver": "Bacteroides"},
    {"id": "prevotella", "label": 2, "driver": "Prevotella"},
    {"id": "ruminococcus", "label": 3, "driver": "Ruminococcus"},
]
TECHS = ["Sanger", "Illumina", "Pyro454"]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def jsd(A, B, pc=PSEUDOCOUNT):
    """Jensen-Shannon distances between the rows of A and the rows of B."""
    A = A + pc
    B = B + pc
    A = A / A.sum(1, keepdims=True)
    B = B / B.sum(1, keepdims=True)
    D = np.zeros((len(A), len(B)))
    for j in range(len(B)):
        M = (A + B[j]) / 2
        D[:, j] = 0.5 * (A * np.log(A / M)).sum(1) + 0.5 * (B[j] * np.log(B[j] / M)).sum(1)
    return np.sqrt(np.maximum(D, 0))


def pam(D, k):
    """Partitioning around medoids (BUILD + SWAP) on a distance matrix."""
    n = len(D)
    med = [int(np.argmin(D.sum(1)))]
    while len(med) < k:
        cur = D[:, med].min(1)
        gains = [(np.maximum(cur - D[:, c], 0).sum(), c) for c in range(n) if c not in med]
        med.append(max(gains)[1])
    cost = D[:, med].min(1).sum()
    while True:
        best = None
        for i in range(k):
            for c in range(n):
                if c in med:
                    continue
                m2 = list(med)
                m2[i] = c
                cc = D[:, m2].min(1).sum()
                if cc < cost - 1e-12 and (best is None or cc < best[0]):
                    best = (cc, m2)
        if best is None:
            return med, np.argmin(D[:, med], 1)
        cost, med = best


def best_match(cl, y):
    """Agreement of clusters cl (0..2) with labels y (1..3) under the best matching."""
    return max(np.mean(np.array(p)[cl] == y) for p in itertools.permutations([1, 2, 3]))


def main():
    rows = list(csv.reader(open(TABLE, newline="")))
    header = [h.strip() for h in rows[0][1:]]
    ids = [r[0] for r in rows[1:]]
    X = np.array([[float(v) for v in r[1:]] for r in rows[1:]])
    meta = {r["sample"]: r for r in csv.DictReader(open(LABELS, newline=""))}
    y = np.array([int(meta[i]["enterotype"]) if meta[i]["enterotype"] else 0 for i in ids])
    tech = np.array([meta[i]["seqtech"] for i in ids])
    lab = y > 0

    def is_genus(h):
        return h not in ("-1", "Bacteria") and not h.endswith("aceae") and "_" not in h and "/" not in h

    mean = X.mean(0)
    G = [j for j in np.argsort(-mean, kind="stable") if mean[j] >= MIN_MEAN and is_genus(header[j])]
    genera = [header[j] for j in G]
    Xs = X[:, G]
    Xs = Xs / Xs.sum(1, keepdims=True)

    C = np.array([Xs[y == t["label"]].mean(0) for t in TYPES])
    D = jsd(Xs, C)
    closest = np.argmin(D, 1) + 1

    def rate(mask):
        return {"agree": int(np.sum(closest[mask] == y[mask])), "n": int(mask.sum()),
                "rate": round(float(np.mean(closest[mask] == y[mask])), 4)}

    agreement = {"all": rate(lab)}
    for t in TECHS:
        agreement[t] = rate(lab & (tech == t))
    # Leave-one-out: each labelled sample placed against centroids fitted without it.
    loo = 0
    for i in np.where(lab)[0]:
        mk = lab.copy()
        mk[i] = False
        Ci = np.array([Xs[mk & (y == t["label"])].mean(0) for t in TYPES])
        loo += int(np.argmin(jsd(Xs[i:i + 1], Ci)[0]) + 1 == y[i])
    agreement["leave_one_out"] = {"agree": loo, "n": int(lab.sum()), "rate": round(loo / lab.sum(), 4)}

    # The published method, re-run: PAM (k = 3) on JSD of all 553 columns,
    # per sequencing technology (as the paper clustered each data set) and
    # pooled over all 280 samples.
    Dall = jsd(X, X)
    pam_rates = {}
    for t in TECHS:
        mk = tech == t
        _, cl = pam(Dall[np.ix_(mk, mk)], 3)
        keep = lab[mk]
        pam_rates[t] = round(float(best_match(cl[keep], y[mk][keep])), 4)
    _, cl = pam(Dall, 3)
    pam_rates["pooled_280"] = round(float(best_match(cl[lab], y[lab])), 4)

    # Temperature of the softmax weights, by maximum likelihood of the labels.
    Dl, yl = D[lab], y[lab] - 1

    def nll(logtau):
        z = -Dl / np.exp(logtau)
        z = z - z.max(1, keepdims=True)
        return -(z[np.arange(len(yl)), yl] - np.log(np.exp(z).sum(1))).sum()

    res = minimize_scalar(nll, bounds=(np.log(1e-3), np.log(10)), method="bounded", options={"xatol": 1e-10})
    tau = float(np.exp(res.x))
    tau = float(f"{tau:.6g}")

    types = []
    for k, t in enumerate(TYPES):
        own = D[y == t["label"], k]
        q = {str(p): round(float(np.quantile(own, p / 100)), 6) for p in (50, 90, 95)}
        n_by = {tt: int(np.sum((y == t["label"]) & (tech == tt))) for tt in TECHS}
        types.append({
            "id": t["id"], "published_label": t["label"], "driver": t["driver"],
            "n": int(np.sum(y == t["label"])), "n_by_technology": n_by,
            "centroid": [float(f"{v:.10g}") for v in C[k]],
            "member_distance_quantiles": q,
        })

    fit = {
        "schema": "gutlens-enterotype-reference/1",
        "version": "1",
        "method": {
            "distance": "Jensen-Shannon distance (sqrt of JS divergence, natural log) between genus compositions restricted to the reference genera and renormalised, pseudocount added to every genus then renormalised",
            "pseudocount": PSEUDOCOUNT,
            "centroids": "arithmetic mean composition of the reference samples with each published enterotype",
            "weights": "softmax(-distance/tau) over the three types; tau fitted by maximum likelihood of the published labels",
            "tau": tau,
            "genus_selection": f"named genera with mean relative abundance >= {MIN_MEAN} over the 280 samples",
        },
        "genera": genera,
        "types": types,
        "agreement": agreement,
        "published_method_rerun_pam_jsd_k3": pam_rates,
        "provenance": {
            "table": "../shared/corpus/generic-csv/phyloseq_enterotype_samples-in-rows.csv",
            "table_sha256": sha256(TABLE),
            "labels": "testdata/enterotype/phyloseq_enterotype_sample_data.csv (sample_data of data(enterotype), Debian r-bioc-phyloseq 1.42.0+dfsg-1)",
            "labels_sha256": sha256(LABELS),
            "data_origin": "Arumugam M et al. 2011, Nature 473:174, doi:10.1038/nature09944: 280 samples (41 Sanger and 85 Illumina shotgun metagenomes, 154 Roche 454 16S), genus relative abundances; 271 with a published enterotype",
            "licence": "the phyloseq package and its data are AGPL-3; only derived numbers (genus list, 3 mean compositions, distance quantiles, agreement) are shipped here",
            "script": "testdata/enterotype/fit.py",
            "command": "/usr/bin/python3 testdata/enterotype/fit.py",
            "numpy": np.__version__,
            "date": datetime.date.today().isoformat(),
        },
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fit, f, indent=1, ensure_ascii=False)
        f.write("\n")

    # Oracle values for the Go test: distances and closest type of every sample,
    # computed from the unrounded centroids (the Go test uses the shipped ones).
    W = np.exp(-D / tau)
    W = W / W.sum(1, keepdims=True)
    exp = {"tau": tau, "samples": {ids[i]: {"published": int(y[i]), "technology": str(tech[i]),
                                            "closest": int(closest[i]),
                                            "distances": [float(v) for v in D[i]],
                                            "weights": [float(v) for v in W[i]]} for i in range(len(ids))}}
    with open(EXPECTED, "w") as f:
        json.dump(exp, f, indent=0)
        f.write("\n")
    json.dump({"agreement": agreement, "pam": pam_rates, "tau": tau, "n_genera": len(genera)}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
