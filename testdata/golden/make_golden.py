#!/usr/bin/python3
"""Write oracle (golden) alpha-diversity values for Gutlens test inputs.

Run from anywhere, with the Debian system python (Debian's packages live there):

    apt-get install -y python3-skbio python3-biom-format
    /usr/bin/python3 testdata/golden/make_golden.py

For every input it writes <input-name>.alpha.json holding, per sample:
  total              sum of the feature values
  observed_features  number of values > 0
  shannon_ln         skbio.diversity.alpha.shannon(values, base=math.e)
  simpson            skbio.diversity.alpha.simpson(values)  (1 - sum p^2)
A zero-sum sample gets total 0, observed_features 0 and null for both indices.

Readers:
  * BIOM JSON (plain or gzip) and biom-convert TSV: biom.load_table, values as
    stored (no rarefaction, no normalisation).
  * MetaPhlAn profiles (single or merged): parsed here. Features are the rows
    whose clade_name's LAST '|' component starts with 's__' (t__ rows and the
    UNKNOWN / UNCLASSIFIED row are not features); values are the
    relative_abundance column (percent) as written.

Goldens are oracle outputs: the Go tests only read them, never rewrite them.
"""
import hashlib
import json
import math
import os
import sys

import numpy as np
import biom
import skbio
from skbio.diversity.alpha import shannon, simpson

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))           # .../main
TESTDATA = os.path.join(REPO, "testdata")
CORPUS = os.path.normpath(os.path.join(REPO, "..", "shared", "corpus"))

TINY = [
    ("tiny.biom", "biom"),
    ("tiny-dense.biom", "biom"),
    ("tiny.tsv", "biom"),
    ("tiny.tsv.gz", "biom"),
    ("tiny-mpa3.txt", "mpa"),
    ("tiny-mpa4.txt", "mpa"),
]

CORPUS_FILES = [
    ("biom-json/min_sparse_otu_table.biom", "biom"),
    ("biom-json/rich_sparse_otu_table.biom", "biom"),
    ("biom-json/rich_dense_otu_table.biom", "biom"),
    ("biom-json/AmericanGutMetaphlanWGS.biom", "biom"),
    ("biom-json/AG_100nt.biom.gz", "biom"),
    ("qiime2/moving-pictures_feature-table_from-biom.tsv", "biom"),
    ("metaphlan/mpa2_HMP_SRS011061.profile", "mpa"),
    ("metaphlan/mpa3_v30_SRR1761667_with-UNKNOWN.txt", "mpa"),
    ("metaphlan/mpa3_v31_SRR22078166_reads-processed.txt", "mpa"),
    ("metaphlan/mpa4_vOct22_ERR7569997_SGB.txt", "mpa"),
    ("metaphlan/merged_mpa3_v31_kefir_44samples.txt", "mpa"),
]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_biom(path):
    """Return (sample_ids, {sample_id: values}) using biom-format."""
    t = biom.load_table(path)
    ids = [str(s) for s in t.ids(axis="sample")]
    out = {}
    for sid in ids:
        out[sid] = np.asarray(t.data(sid, axis="sample", dense=True), dtype=float)
    return ids, out


def _read_lines(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        import gzip
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return [ln.rstrip("\r") for ln in text.split("\n")]


def _is_species(clade):
    return clade.split("|")[-1].startswith("s__")


def _default_sample_id(path):
    name = os.path.basename(path)
    if name.endswith(".gz"):
        name = name[:-3]
    root, _ext = os.path.splitext(name)
    return root


def read_metaphlan(path):
    """Return (sample_ids, {sample_id: values}) for a single or merged MetaPhlAn table."""
    lines = _read_lines(path)
    # Merged table: line 1 '#mpa_...', line 2 'clade_name\t...' without '#'.
    if len(lines) > 1 and lines[0].startswith("#mpa_") and lines[1].startswith("clade_name\t"):
        header = lines[1].split("\t")
        first = 2 if len(header) > 1 and header[1] == "NCBI_tax_id" else 1
        ids = header[first:]
        vals = {sid: [] for sid in ids}
        for ln in lines[2:]:
            if not ln or ln.startswith("#"):
                continue
            f = ln.split("\t")
            if not _is_species(f[0]):
                continue
            for j, sid in enumerate(ids):
                vals[sid].append(float(f[first + j]))
        return ids, {k: np.asarray(v, dtype=float) for k, v in vals.items()}

    # Single profile.
    sample_id = None
    value_col = None
    values = []
    for ln in lines:
        if not ln:
            continue
        if ln.startswith("#"):
            f = ln[1:].split("\t")
            if len(f) >= 2 and f[1] in ("Metaphlan_Analysis", "Metaphlan2_Analysis"):
                if f[0] != "SampleID":
                    sample_id = f[0]
            elif f[0] == "clade_name" and "relative_abundance" in f:
                value_col = f.index("relative_abundance")
            continue
        f = ln.split("\t")
        if not _is_species(f[0]):
            continue
        col = value_col
        if col is None:
            # MetaPhlAn 2 style: clade_name<TAB>relative_abundance
            col = 1 if len(f) == 2 else 2
        values.append(float(f[col]))
    if sample_id is None:
        sample_id = _default_sample_id(path)
    return [sample_id], {sample_id: np.asarray(values, dtype=float)}


def alpha(values):
    total = float(values.sum())
    observed = int((values > 0).sum())
    if total == 0:
        return {"total": 0, "observed_features": 0, "shannon_ln": None, "simpson": None}
    # "+ 0.0" turns a -0.0 (single-feature sample) into 0.0.
    return {
        "total": total,
        "observed_features": observed,
        "shannon_ln": float(shannon(values, base=math.e)) + 0.0,
        "simpson": float(simpson(values)) + 0.0,
    }


def golden(path, kind, input_label, out_path):
    if kind == "biom":
        ids, vals = read_biom(path)
        reader = "biom.load_table"
    else:
        ids, vals = read_metaphlan(path)
        reader = "metaphlan species rows (last clade component s__), relative_abundance percent"
    doc = {
        "tool": "scikit-bio " + skbio.__version__,
        "biom_format": biom.__version__,
        "input": input_label,
        "sha256": sha256(path),
        "reader": reader,
        "sample_order": ids,
        "samples": {sid: alpha(vals[sid]) for sid in ids},
    }
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w") as f:
        f.write(json.dumps(doc, indent=2) + "\n")
    print("wrote %s (%d samples)" % (os.path.relpath(out_path, REPO), len(ids)))


def main():
    failed = 0
    for name, kind in TINY:
        golden(os.path.join(TESTDATA, name), kind, "testdata/" + name,
               os.path.join(HERE, name + ".alpha.json"))
    if not os.path.isdir(CORPUS):
        print("corpus not found at %s: skipping corpus goldens" % CORPUS)
        return 0
    for rel, kind in CORPUS_FILES:
        path = os.path.join(CORPUS, rel)
        if not os.path.exists(path):
            print("skip (missing): corpus/" + rel)
            continue
        try:
            golden(path, kind, "corpus/" + rel,
                   os.path.join(HERE, "corpus", os.path.basename(rel) + ".alpha.json"))
        except Exception as e:  # report and go on with the others
            failed += 1
            print("skip (unreadable): corpus/%s: %s: %s" % (rel, type(e).__name__, e))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
