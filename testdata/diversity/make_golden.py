#!/usr/bin/python3
"""Write oracle gutlens-diversity/1 documents computed by scikit-bio 0.5.8.

Run with the Debian system python (python3-skbio 0.5.8, python3-biom-format
2.1.12), from anywhere:

    /usr/bin/python3 testdata/diversity/make_golden.py

For every input it writes testdata/diversity/<input-name>.diversity.json
(corpus inputs: testdata/diversity/corpus/<input-name>.diversity.json[.gz]),
a document in the contract of ../shared/contracts/diversity-json.md with:

  alpha   skbio.diversity.alpha functions on each sample's values (see ALPHA)
  beta    skbio.diversity.beta_diversity("braycurtis" | "jaccard", ...) over the
          samples whose sum is not zero; "aitchison" = scipy pdist euclidean of
          skbio.stats.composition.clr(counts + 1)
  pcoa    skbio.stats.ordination.pcoa(braycurtis, method="eigh"), the first
          min(n-1, 10) axes, then trailing axes whose eigenvalue is not positive
          dropped (skbio sets negative eigenvalues to 0)
  clr     skbio.stats.composition.clr(counts + 1) of the first CLR_SAMPLES
          non-zero-sum samples (all of them for small tables)

With a tree (TREES: tiny.biom with tiny.nwk -> tiny.biom.tree.diversity.json),
read by skbio.TreeNode.read(..., convert_underscores=False):
  alpha   faith_pd = skbio.diversity.alpha_diversity("faith_pd", ...)
  beta    unweighted_unifrac, weighted_unifrac (normalized=False) and
          weighted_unifrac_normalized (normalized=True) from beta_diversity

Where scikit-bio and the contract differ, the document follows the contract
and says so in "skbio_notes" (see README.md):
  * ace raises ValueError when every rare feature is a singleton: null.
  * count-only metrics are null for tables that are not all-integer.
  * fisher_alpha is null when S_obs = N (no finite root).
  * pielou_e divides by ln(1) = 0 when S_obs = 1: null.
An extra key "fisher_alpha_brentq" holds the root of S = a ln(1 + N/a) solved by
scipy.optimize.brentq to full double precision (skbio's minimize_scalar is off
by up to ~1e-8 relative).

Goldens are oracle outputs: the Go tests only read them, never rewrite them.
"""
import gzip
import hashlib
import json
import math
import os
import warnings

import numpy as np
import scipy
import scipy.optimize
import scipy.spatial.distance
import io

import biom
import skbio
from skbio import TreeNode
from skbio.diversity import alpha_diversity
from skbio.diversity import alpha as A
from skbio.diversity import beta_diversity
from skbio.stats.composition import clr
from skbio.stats.ordination import pcoa

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TESTDATA = os.path.join(REPO, "testdata")
CORPUS = os.path.normpath(os.path.join(REPO, "..", "shared", "corpus"))

PSEUDOCOUNT = 1.0
CLR_MAX_CELLS = 200_000        # CLR vectors of a prefix of samples beyond this
GZIP_ABOVE = 1 << 20           # write .json.gz above 1 MiB

TINY = ["tiny.biom", "tiny.tsv", "diversity/rare.tsv"]   # paths under testdata/
TREES = [("tiny.biom", "tiny.nwk")]      # (input in testdata/, tree in testdata/diversity/)
CORPUS_FILES = [
    "biom-json/rich_sparse_otu_table.biom",
    "biom-json/min_sparse_otu_table.biom",
    "qiime2/moving-pictures_feature-table_from-biom.tsv",
    "biom-json/AG_100nt.biom.gz",
]
# BIOM 2.1 files that carry their tree (observation/group-metadata, data_type
# newick); biom-format 2.1.12 hands it back as a closed h5py dataset, so the
# Newick string is read with h5py.
CORPUS_EMBEDDED_TREES = ["biom-hdf5/rich_sparse_otu_table_hdf5_group_metadata.biom"]
EMBEDDED_TREE = "(the tree in the table's file)"   # input.tree, as gutlens names it


def num(v):
    v = float(v)
    if math.isnan(v) or math.isinf(v):
        return None
    return v + 0.0  # no -0.0


def fisher_brentq(n, s):
    if not (0 < s < n):
        return None
    f = lambda a: a * math.log1p(n / a) - s
    lo, hi = 1.0, 1.0
    while f(lo) > 0:
        lo /= 2
    while f(hi) < 0:
        hi *= 2
    return scipy.optimize.brentq(f, lo, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)


def alpha_of(x, integer, notes, sid):
    total = float(x.sum())
    obs = int((x > 0).sum())
    keys = ["singletons", "doubletons", "shannon_ln", "shannon_log2", "simpson", "gini_simpson",
            "simpson_dominance", "inverse_simpson", "pielou_evenness", "berger_parker", "chao1",
            "chao1_classic", "ace", "goods_coverage", "fisher_alpha", "fisher_alpha_brentq"]
    out = {"total": total, "observed_features": obs}
    if total == 0:
        out.update({k: None for k in keys})
        return out
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        out["shannon_ln"] = num(A.shannon(x, base=math.e))
        out["shannon_log2"] = num(A.shannon(x, base=2))
        out["simpson"] = num(A.simpson(x))
        out["gini_simpson"] = out["simpson"]
        out["simpson_dominance"] = num(A.dominance(x))
        out["inverse_simpson"] = num(A.enspie(x))
        out["pielou_evenness"] = num(A.pielou_e(x)) if obs > 1 else None
        if obs <= 1:
            notes.append(f"{sid}: pielou_e divides by ln(1) = 0; null")
        out["berger_parker"] = num(A.berger_parker_d(x))
        if not integer:
            for k in ["singletons", "doubletons", "chao1", "chao1_classic", "ace", "goods_coverage",
                      "fisher_alpha", "fisher_alpha_brentq"]:
                out[k] = None
            return out
        c = x.astype(np.int64)
        out["singletons"] = int(A.singles(c))
        out["doubletons"] = int(A.doubles(c))
        out["chao1"] = num(A.chao1(c, bias_corrected=True))
        out["chao1_classic"] = num(A.chao1(c, bias_corrected=False))
        try:
            out["ace"] = num(A.ace(c, rare_threshold=10))
        except ValueError as e:
            out["ace"] = None
            notes.append(f"{sid}: skbio ace raised ValueError ({e}); null")
        out["goods_coverage"] = num(A.goods_coverage(c))
        if obs == total:
            out["fisher_alpha"] = None
            try:
                v = A.fisher_alpha(c)
                notes.append(f"{sid}: S_obs = N; skbio fisher_alpha gave {v!r}; null (no finite root)")
            except Exception as e:
                notes.append(f"{sid}: S_obs = N; skbio fisher_alpha raised {type(e).__name__}; null")
        else:
            out["fisher_alpha"] = num(A.fisher_alpha(c))
        out["fisher_alpha_brentq"] = num(fisher_brentq(total, obs)) if obs < total else None
    return out


def matrix(dm):
    return [[num(v) for v in row] for row in np.asarray(dm)]


def embedded_tree(path):
    import h5py
    with h5py.File(path, "r") as f:
        for name, d in f["observation/group-metadata"].items():
            if str(d.attrs.get("data_type", "")).lower() == "newick":
                v = d[()][0]
                return v.decode() if isinstance(v, bytes) else str(v)
    raise ValueError(path + ": no newick tree in observation/group-metadata")


def golden(path, label, tree_path=None, tree_text=None, tree_label=None):
    data = open(path, "rb").read()
    table = biom.load_table(path)
    samples = [str(s) for s in table.ids("sample")]
    features = [str(f) for f in table.ids("observation")]
    counts = np.asarray(table.matrix_data.toarray(), dtype=float).T  # samples x features
    integer = bool(np.all(counts == np.round(counts)))
    notes = []
    alpha = {s: alpha_of(counts[i], integer, notes, s) for i, s in enumerate(samples)}
    keep = [i for i in range(len(samples)) if counts[i].sum() > 0]
    ids = [samples[i] for i in keep]
    doc = {
        "schema": "gutlens-diversity/1",
        "generator": {"name": "scikit-bio", "version": skbio.__version__, "engine": "python3",
                      "biom_format": biom.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
                      "command": "/usr/bin/python3 testdata/diversity/make_golden.py"},
        "input": {"file": label, "sha256": hashlib.sha256(data).hexdigest(), "n_samples": len(samples),
                  "n_features": len(features), "integer_counts": integer},
        "conventions": {"pseudocount": PSEUDOCOUNT, "ace_rare_threshold": 10},
        "samples": samples,
        "features": features,
        "excluded_samples": [{"id": samples[i], "reason": "zero_sum"}
                             for i in range(len(samples)) if i not in set(keep)],
        "alpha": alpha,
        "beta": None, "pcoa": None, "clr": None,
    }
    sub = counts[keep]
    if len(keep) >= 1:
        nclr = min(len(keep), max(1, CLR_MAX_CELLS // max(1, len(features))))
        c = clr(sub[:nclr] + PSEUDOCOUNT)
        c = np.atleast_2d(c)
        doc["clr"] = {"pseudocount": PSEUDOCOUNT, "samples": ids[:nclr], "n_samples_total": len(keep),
                      "values": {ids[k]: [num(v) for v in c[k]] for k in range(nclr)}}
    if len(keep) >= 2:
        bsub = sub.astype(np.int64) if integer else sub
        bc = beta_diversity("braycurtis", bsub, ids)
        jac = beta_diversity("jaccard", bsub, ids)
        ait = scipy.spatial.distance.squareform(
            scipy.spatial.distance.pdist(clr(sub + PSEUDOCOUNT), "euclidean"))
        doc["beta"] = {"samples": ids, "layout": "matrix", "metrics": {
            "braycurtis": {"matrix": matrix(bc.data)},
            "jaccard": {"matrix": matrix(jac.data)},
            "aitchison": {"matrix": matrix(ait)},
        }}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            o = pcoa(bc, method="eigh")
        ev = np.asarray(o.eigvals)
        pe = np.asarray(o.proportion_explained)
        co = np.asarray(o.samples)
        k = min(len(ids) - 1, 10)
        while k > 0 and not ev[k - 1] > 0:
            k -= 1
        doc["pcoa"] = {"braycurtis": {
            "method": "skbio.stats.ordination.pcoa(method='eigh')", "n_axes": k,
            "eigenvalues": [num(v) for v in ev[:k]],
            "proportion_explained": [num(v) for v in pe[:k]],
            "sum_positive_eigenvalues": num(ev[ev > 0].sum()),
            "next_eigenvalue": num(ev[k]) if k < len(ev) else None,
            "coordinates": {ids[i]: [num(v) for v in co[i, :k]] for i in range(len(ids))},
        }}
    if tree_path:
        tree_text, tree_label = open(tree_path).read(), os.path.basename(tree_path)
    if tree_text:
        tree = TreeNode.read(io.StringIO(tree_text), convert_underscores=False)
        doc["input"]["tree"] = tree_label
        if len(tree.children) > 2:
            # scikit-bio 0.5.8 refuses a root with more than two children
            # ("must be rooted"). Hang the root under a new one beside a tip
            # no sample holds, both branches of length 0 (the old root keeps
            # its own length if it has one): every branch and every tip's
            # path keep their lengths, so Faith's PD and UniFrac are those of
            # the tree as given.
            n = len(tree.children)
            if tree.length is None:
                tree.length = 0.0
            tree = TreeNode(children=[tree, TreeNode(name="gutlens_pad_tip", length=0.0)])
            notes.append("the tree's root has %d children: rooted for scikit-bio with 0-length branches "
                         "(see testdata/diversity/README.md)" % n)
        ints = counts.astype(np.int64) if integer else counts
        pd = alpha_diversity("faith_pd", ints, samples, otu_ids=features, tree=tree)
        for s in samples:
            alpha[s]["faith_pd"] = num(pd[s])
        if doc["beta"] is not None:
            bi = ints[keep]
            m = doc["beta"]["metrics"]
            m["unweighted_unifrac"] = {"matrix": matrix(beta_diversity(
                "unweighted_unifrac", bi, ids, otu_ids=features, tree=tree).data)}
            m["weighted_unifrac"] = {"matrix": matrix(beta_diversity(
                "weighted_unifrac", bi, ids, otu_ids=features, tree=tree, normalized=False).data)}
            m["weighted_unifrac_normalized"] = {"matrix": matrix(beta_diversity(
                "weighted_unifrac", bi, ids, otu_ids=features, tree=tree, normalized=True).data)}
    if notes:
        doc["skbio_notes"] = notes
    return doc


def write(doc, out):
    os.makedirs(os.path.dirname(out), exist_ok=True)
    text = json.dumps(doc, indent=1, allow_nan=False) + "\n"
    if len(text) > GZIP_ABOVE:
        with gzip.GzipFile(out + ".gz", "wb", mtime=0) as f:
            f.write(text.encode())
        out += ".gz"
    else:
        with open(out, "w") as f:
            f.write(text)
    print("wrote", os.path.relpath(out, REPO))


def main():
    for name in TINY:
        write(golden(os.path.join(TESTDATA, name), "testdata/" + name),
              os.path.join(HERE, os.path.basename(name) + ".diversity.json"))
    for name, tree in TREES:
        write(golden(os.path.join(TESTDATA, name), "testdata/" + name, os.path.join(HERE, tree)),
              os.path.join(HERE, name + ".tree.diversity.json"))
    if not os.path.isdir(CORPUS):
        print("skip corpus goldens:", CORPUS, "does not exist")
        return
    for rel in CORPUS_FILES:
        p = os.path.join(CORPUS, rel)
        if not os.path.exists(p):
            print("skip", rel, "(missing)")
            continue
        write(golden(p, "corpus/" + rel), os.path.join(HERE, "corpus", os.path.basename(rel) + ".diversity.json"))
    for rel in CORPUS_EMBEDDED_TREES:
        p = os.path.join(CORPUS, rel)
        if not os.path.exists(p):
            print("skip", rel, "(missing)")
            continue
        write(golden(p, "corpus/" + rel, tree_text=embedded_tree(p), tree_label=EMBEDDED_TREE),
              os.path.join(HERE, "corpus", os.path.basename(rel) + ".diversity.json"))


if __name__ == "__main__":
    main()
