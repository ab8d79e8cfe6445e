#!/usr/bin/python3
"""Writes expected.json: what biom-format reads from each BIOM 2.x HDF5 file
of the shared corpus (../shared/corpus/biom-hdf5/, seen from the repository
root). Run from the repository root with Debian's python3-biom-format:

    /usr/bin/python3 testdata/hdf5/make_expected.py > testdata/hdf5/expected.json
"""
import glob
import hashlib
import json
import os
import sys

import biom
import h5py
import numpy as np
import scipy.sparse as sp


class H5Table:
    """The part of biom.Table this script uses, read straight from HDF5."""

    def __init__(self, path):
        with h5py.File(path, "r") as f:
            def ids(g):
                return [x.decode() if isinstance(x, bytes) else str(x) for x in f[g + "/ids"][:]]
            self.obs, self.smp = ids("observation"), ids("sample")
            m = f["sample/matrix"]
            self.matrix_data = sp.csc_matrix((m["data"][:], m["indices"][:], m["indptr"][:]),
                                             shape=(len(self.obs), len(self.smp)))
        self.nnz = self.matrix_data.nnz

    def ids(self, axis):
        return self.obs if axis == "observation" else self.smp

    def sum(self, axis=None):
        if axis == "sample":
            return np.asarray(self.matrix_data.sum(axis=0)).ravel()
        return self.matrix_data.sum()

    def metadata(self, axis):
        return None

corpus = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus", "biom-hdf5")
out = {"tool": "biom-format %s, h5py %s" % (biom.__version__, h5py.__version__), "files": {}}
for path in sorted(glob.glob(os.path.join(corpus, "*"))):
    try:
        t, reader = biom.load_table(path), "biom.load_table"
    except Exception:
        t, reader = H5Table(path), "h5py+scipy (biom.load_table fails)"
    with h5py.File(path, "r") as f:
        version = ".".join(str(int(x)) for x in f.attrs["format-version"])
    obs = [str(x) for x in t.ids(axis="observation")]
    smp = [str(x) for x in t.ids(axis="sample")]
    totals = t.sum(axis="sample")
    md = t.metadata(axis="observation")
    tax0 = None
    if md is not None and len(md) > 0 and md[0] is not None:
        tax0 = md[0].get("taxonomy")
        if tax0 is not None and not isinstance(tax0, str):
            tax0 = [str(x) for x in tax0]
    out["files"][os.path.basename(path)] = {
        "reader": reader,
        "format_version": version,
        "features": len(obs),
        "samples": len(smp),
        "nnz": int(t.nnz),
        "total": float(t.sum()),
        "sample_ids_md5": hashlib.md5("\n".join(smp).encode()).hexdigest(),
        "feature_ids_md5": hashlib.md5("\n".join(obs).encode()).hexdigest(),
        "first_sample": smp[0] if smp else None,
        "first_feature": obs[0] if obs else None,
        "taxonomy_0": tax0,
        # per-sample totals, in the file's sample order
        "sample_totals": [float(x) for x in totals],
        # observed features (values > 0) per sample
        "sample_observed": [int(x) for x in (t.matrix_data > 0).sum(axis=0).A1] if len(smp) else [],
    }
json.dump(out, sys.stdout, sort_keys=True, separators=(",", ":"))
sys.stdout.write("\n")
