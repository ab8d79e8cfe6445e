#!/usr/bin/python3
"""How closely `gutlens diversity --json` reproduces scikit-bio's PCoA (Bray–Curtis).

    make cli
    /usr/bin/python3 testdata/diversity/pcoa_agreement.py bin/gutlens [--hmp]

For each golden of testdata/diversity (made by make_golden.py with scikit-bio
0.5.8) whose input is present, prints the largest difference of the
eigenvalues (relative to the first), of the proportions explained (relative)
and of the coordinates (relative to the largest on the axis, best sign per
axis, axes tied with a neighbour within 1e-6 of the first skipped, as the
contract says). With --hmp, also the HMP table of the corpus against
scikit-bio's pcoa of its own Bray–Curtis matrix (about 2 minutes, most of
it scikit-bio's Bray–Curtis), where gutlens uses lanczos-topk.
"""
import gzip
import json
import os
import subprocess
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
CASES = [
    ("testdata/tiny.biom", "tiny.biom.diversity.json"),
    ("testdata/diversity/rare.tsv", "rare.tsv.diversity.json"),
    ("corpus/biom-json/rich_sparse_otu_table.biom", "corpus/rich_sparse_otu_table.biom.diversity.json"),
    ("corpus/qiime2/moving-pictures_feature-table_from-biom.tsv",
     "corpus/moving-pictures_feature-table_from-biom.tsv.diversity.json"),
    ("corpus/biom-json/AG_100nt.biom.gz", "corpus/AG_100nt.biom.gz.diversity.json.gz"),
]


def load(path):
    with (gzip.open(path) if path.endswith(".gz") else open(path)) as f:
        return json.load(f)


def ours(exe, path):
    out = subprocess.run([exe, "diversity", path, "--json"], capture_output=True, check=True).stdout
    return json.loads(out)["pcoa"]["braycurtis"]


def compare(name, o, eig, prop, coords):
    """coords: {sample id: [axis values]} of the reference."""
    l1 = eig[0]
    de = max(abs(a - b) / l1 for a, b in zip(eig, o["eigenvalues"]))
    dp = "n/a    " if prop is None else \
        f'{max((abs(a - b) / abs(a) for a, b in zip(prop, o["proportion_explained"]) if a), default=0.0):.1e}'
    dc = 0.0
    for k in range(len(o["eigenvalues"])):
        if (k > 0 and abs(eig[k] - eig[k - 1]) <= 1e-6 * l1) or (k + 1 < len(eig) and abs(eig[k] - eig[k + 1]) <= 1e-6 * l1):
            continue
        scale = max(abs(v[k]) for v in coords.values())
        dc = max(dc, min(max(abs(s * o["coordinates"][i][k] - v[k]) for i, v in coords.items()) for s in (1, -1)) / scale)
    print(f"{name:45s} n={len(coords):5d} {o.get('method', ''):13s} eigenvalues {de:.1e}  proportions {dp}  coordinates {dc:.1e}")


def main():
    exe = sys.argv[1]
    for src, gold in CASES:
        path = os.path.join(CORPUS, src[len("corpus/"):]) if src.startswith("corpus/") else os.path.join(ROOT, src)
        if not os.path.exists(path):
            print(f"{os.path.basename(src)}: not present, skipped")
            continue
        g = load(os.path.join(HERE, gold))["pcoa"]
        if not g:
            continue
        g = g["braycurtis"]
        compare(os.path.basename(src), ours(exe, path), g["eigenvalues"], g["proportion_explained"], g["coordinates"])
    if "--hmp" in sys.argv:
        import numpy as np
        import biom
        from skbio.diversity import beta_diversity
        from skbio.stats.ordination import pcoa
        warnings.simplefilter("ignore")
        path = os.path.join(CORPUS, "biom-json", "HMPv35_100nt_even1k.json.biom.gz")
        o = ours(exe, path)
        t = biom.load_table(path)
        ids = list(t.ids("sample"))
        counts = np.asarray(t.matrix_data.toarray().T)
        keep = [i for i in range(len(ids)) if counts[i].sum() > 0]
        r = pcoa(beta_diversity("braycurtis", counts[keep], [ids[i] for i in keep]))
        k = len(o["eigenvalues"])
        coords = {i: list(r.samples.loc[i].values[:k]) for i in r.samples.index}
        eig = list(r.eigvals.values[:k + 1])
        # Proportions are not compared: scikit-bio's eigh divides by the sum of the
        # positive eigenvalues, lanczos-topk by the trace (proportion_basis).
        compare("HMPv35_100nt_even1k.json.biom.gz", o, eig, None, coords)


if __name__ == "__main__":
    main()
