#!/usr/bin/python3
"""Make the synthetic "Try the sample" dataset for the Gutlens web app.

    /usr/bin/python3 testdata/make_sample.py

writes web/static/sample/gutlens-sample.biom: a BIOM 1.0 JSON OTU table
(sparse, integer counts) of an invented 16S gut study with 6 samples from
3 people (Anna x3, Ben x2, Chris x1) and ~150 OTUs carrying Greengenes 13_8
style lineages of common human gut taxa. All numbers come from a seeded
numpy RNG, so re-running gives byte-identical output. Nothing here is real
data. Needs only numpy.
"""
import json
import os

import numpy as np

SEED = 20260115
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "web", "static", "sample", "gutlens-sample.biom")

SAMPLES = ["Anna-2026-01", "Anna-2026-04", "Anna-2026-07",
           "Ben-2026-02", "Ben-2026-05", "Chris-2026-03"]

# Lineage prefixes (Greengenes 13_8 spelling).
BAC = "k__Bacteria"
BACTEROIDALES = [BAC, "p__Bacteroidetes", "c__Bacteroidia", "o__Bacteroidales"]
CLOSTRIDIALES = [BAC, "p__Firmicutes", "c__Clostridia", "o__Clostridiales"]
ERYSIPELO = [BAC, "p__Firmicutes", "c__Erysipelotrichi", "o__Erysipelotrichales", "f__Erysipelotrichaceae"]
LACTOBACILLALES = [BAC, "p__Firmicutes", "c__Bacilli", "o__Lactobacillales"]

# (family/genus tail, species list (one OTU per entry), log-abundance weight,
#  prevalence, subject preference {subject: extra log-abundance})
TAXA = [
    (BACTEROIDALES + ["f__Bacteroidaceae", "g__Bacteroides"],
     ["s__uniformis", "s__ovatus", "s__caccae", "s__fragilis", "s__eggerthii", "s__plebeius",
      "s__coprophilus", "s__", "s__", "s__", "s__", "s__"], 5.0, 0.95, {"Ben": -2.5}),
    (BACTEROIDALES + ["f__Prevotellaceae", "g__Prevotella"],
     ["s__copri", "s__copri", "s__stercorea", "s__", "s__"], 4.0, 0.5, {"Ben": 2.0, "Anna": -2.0}),
    (BACTEROIDALES + ["f__Porphyromonadaceae", "g__Parabacteroides"],
     ["s__distasonis", "s__", "s__"], 3.0, 0.9, {}),
    (BACTEROIDALES + ["f__Rikenellaceae", "g__Alistipes"],
     ["s__putredinis", "s__indistinctus", "s__", "s__"], 3.2, 0.9, {}),
    (BACTEROIDALES + ["f__[Odoribacteraceae]", "g__Odoribacter"], ["s__"], 1.8, 0.8, {}),
    (BACTEROIDALES + ["f__[Odoribacteraceae]", "g__Butyricimonas"], ["s__"], 1.2, 0.6, {}),
    (BACTEROIDALES + ["f__[Barnesiellaceae]", "g__"], ["s__", "s__"], 2.0, 0.7, {}),
    (BACTEROIDALES + ["f__S24-7", "g__"], ["s__"], 1.5, 0.5, {}),
    (CLOSTRIDIALES + ["f__Ruminococcaceae", "g__Faecalibacterium"],
     ["s__prausnitzii", "s__prausnitzii", "s__prausnitzii", "s__prausnitzii"], 3.8, 1.0, {}),
    (CLOSTRIDIALES + ["f__Ruminococcaceae", "g__Ruminococcus"],
     ["s__bromii", "s__flavefaciens", "s__callidus", "s__", "s__"], 3.2, 0.85, {"Chris": 1.0}),
    (CLOSTRIDIALES + ["f__Ruminococcaceae", "g__Oscillospira"],
     ["s__", "s__", "s__", "s__", "s__", "s__"], 2.6, 0.9, {}),
    (CLOSTRIDIALES + ["f__Ruminococcaceae", "g__Subdoligranulum"], ["s__variabile", "s__"], 2.8, 0.85, {}),
    (CLOSTRIDIALES + ["f__Ruminococcaceae", "g__"],
     ["s__", "s__", "s__", "s__", "s__", "s__", "s__", "s__", "s__", "s__"], 2.2, 0.8, {}),
    (CLOSTRIDIALES + ["f__Lachnospiraceae", "g__Roseburia"],
     ["s__faecis", "s__inulinivorans", "s__", "s__"], 3.3, 0.9, {}),
    (CLOSTRIDIALES + ["f__Lachnospiraceae", "g__Blautia"],
     ["s__obeum", "s__producta", "s__", "s__", "s__"], 3.4, 0.95, {}),
    (CLOSTRIDIALES + ["f__Lachnospiraceae", "g__Coprococcus"],
     ["s__eutactus", "s__catus", "s__", "s__"], 2.9, 0.9, {}),
    (CLOSTRIDIALES + ["f__Lachnospiraceae", "g__Dorea"],
     ["s__formicigenerans", "s__longicatena", "s__"], 2.6, 0.9, {}),
    (CLOSTRIDIALES + ["f__Lachnospiraceae", "g__[Ruminococcus]"],
     ["s__gnavus", "s__torques", "s__"], 2.5, 0.85, {}),
    (CLOSTRIDIALES + ["f__Lachnospiraceae", "g__Lachnospira"], ["s__pectinoschiza", "s__"], 2.4, 0.8, {}),
    (CLOSTRIDIALES + ["f__Lachnospiraceae", "g__Anaerostipes"], ["s__"], 2.0, 0.8, {}),
    (CLOSTRIDIALES + ["f__Lachnospiraceae", "g__"],
     ["s__", "s__", "s__", "s__", "s__", "s__", "s__", "s__", "s__", "s__", "s__", "s__"], 2.4, 0.85, {}),
    (CLOSTRIDIALES + ["f__Eubacteriaceae", "g__Eubacterium"], ["s__", "s__", "s__"], 2.0, 0.6, {}),
    (CLOSTRIDIALES + ["f__Ruminococcaceae", "g__Ruminococcus"], ["s__"], 1.0, 0.5, {}),
    (CLOSTRIDIALES + ["f__Christensenellaceae", "g__"],
     ["s__", "s__", "s__", "s__"], 2.0, 0.7, {"Chris": 1.5, "Ben": -1.0}),
    (CLOSTRIDIALES + ["f__Clostridiaceae", "g__Clostridium"], ["s__", "s__", "s__"], 1.6, 0.7, {}),
    (CLOSTRIDIALES + ["f__Clostridiaceae", "g__"], ["s__", "s__"], 1.6, 0.7, {}),
    (CLOSTRIDIALES + ["f__Peptostreptococcaceae", "g__"], ["s__"], 1.2, 0.6, {}),
    (CLOSTRIDIALES + ["f__", "g__"], ["s__", "s__", "s__", "s__", "s__"], 1.8, 0.75, {}),
    (CLOSTRIDIALES + ["f__Veillonellaceae", "g__Veillonella"], ["s__parvula", "s__dispar"], 1.2, 0.5, {}),
    (CLOSTRIDIALES + ["f__Veillonellaceae", "g__Dialister"], ["s__", "s__"], 2.2, 0.6, {}),
    (CLOSTRIDIALES + ["f__Veillonellaceae", "g__Phascolarctobacterium"], ["s__", "s__"], 2.4, 0.5, {}),
    (CLOSTRIDIALES + ["f__Veillonellaceae", "g__Megasphaera"], ["s__"], 1.0, 0.3, {}),
    (CLOSTRIDIALES + ["f__Dehalobacteriaceae", "g__Dehalobacterium"], ["s__"], 0.8, 0.6, {}),
    (ERYSIPELO + ["g__[Eubacterium]"], ["s__dolichum", "s__biforme"], 1.6, 0.7, {}),
    (ERYSIPELO + ["g__Holdemania"], ["s__"], 0.8, 0.6, {}),
    (ERYSIPELO + ["g__Catenibacterium"], ["s__"], 1.4, 0.3, {}),
    (LACTOBACILLALES + ["f__Lactobacillaceae", "g__Lactobacillus"],
     ["s__ruminis", "s__mucosae", "s__"], 1.0, 0.4, {}),
    (LACTOBACILLALES + ["f__Streptococcaceae", "g__Streptococcus"], ["s__", "s__", "s__"], 1.6, 0.8, {}),
    (LACTOBACILLALES + ["f__Streptococcaceae", "g__Lactococcus"], ["s__"], 0.6, 0.3, {}),
    (LACTOBACILLALES + ["f__Enterococcaceae", "g__Enterococcus"], ["s__"], 0.5, 0.3, {}),
    ([BAC, "p__Firmicutes", "c__Bacilli", "o__Turicibacterales", "f__Turicibacteraceae", "g__Turicibacter"],
     ["s__"], 1.0, 0.4, {}),
    ([BAC, "p__Tenericutes", "c__Mollicutes", "o__RF39", "f__", "g__"], ["s__", "s__"], 1.4, 0.5, {}),
    ([BAC, "p__Verrucomicrobia", "c__Verrucomicrobiae", "o__Verrucomicrobiales", "f__Verrucomicrobiaceae",
      "g__Akkermansia"], ["s__muciniphila", "s__muciniphila"], 3.5, 0.8, {"Anna": 1.0}),
    ([BAC, "p__Actinobacteria", "c__Actinobacteria", "o__Bifidobacteriales", "f__Bifidobacteriaceae",
      "g__Bifidobacterium"], ["s__adolescentis", "s__longum", "s__bifidum", "s__"], 3.0, 0.8, {"Ben": -1.0}),
    ([BAC, "p__Actinobacteria", "c__Coriobacteriia", "o__Coriobacteriales", "f__Coriobacteriaceae",
      "g__Collinsella"], ["s__aerofaciens", "s__aerofaciens"], 2.6, 0.85, {}),
    ([BAC, "p__Actinobacteria", "c__Coriobacteriia", "o__Coriobacteriales", "f__Coriobacteriaceae",
      "g__Adlercreutzia"], ["s__"], 1.0, 0.6, {}),
    ([BAC, "p__Actinobacteria", "c__Coriobacteriia", "o__Coriobacteriales", "f__Coriobacteriaceae",
      "g__Eggerthella"], ["s__lenta"], 0.8, 0.5, {}),
    ([BAC, "p__Proteobacteria", "c__Gammaproteobacteria", "o__Enterobacteriales", "f__Enterobacteriaceae",
      "g__Escherichia"], ["s__coli"], 1.8, 0.7, {}),
    ([BAC, "p__Proteobacteria", "c__Gammaproteobacteria", "o__Enterobacteriales", "f__Enterobacteriaceae",
      "g__Klebsiella"], ["s__"], 0.6, 0.3, {}),
    ([BAC, "p__Proteobacteria", "c__Gammaproteobacteria", "o__Pasteurellales", "f__Pasteurellaceae",
      "g__Haemophilus"], ["s__parainfluenzae"], 0.8, 0.5, {}),
    ([BAC, "p__Proteobacteria", "c__Betaproteobacteria", "o__Burkholderiales", "f__Alcaligenaceae",
      "g__Sutterella"], ["s__", "s__"], 2.0, 0.7, {}),
    ([BAC, "p__Proteobacteria", "c__Deltaproteobacteria", "o__Desulfovibrionales", "f__Desulfovibrionaceae",
      "g__Bilophila"], ["s__"], 1.4, 0.8, {}),
    ([BAC, "p__Proteobacteria", "c__Deltaproteobacteria", "o__Desulfovibrionales", "f__Desulfovibrionaceae",
      "g__Desulfovibrio"], ["s__", "s__"], 1.0, 0.5, {}),
    ([BAC, "p__Cyanobacteria", "c__4C0d-2", "o__YS2", "f__", "g__"], ["s__"], 1.0, 0.4, {}),
    ([BAC, "p__Lentisphaerae", "c__[Lentisphaeria]", "o__Victivallales", "f__Victivallaceae", "g__"],
     ["s__"], 0.6, 0.3, {}),
    ([BAC, "p__Synergistetes", "c__Synergistia", "o__Synergistales", "f__Synergistaceae", "g__Cloacibacillus"],
     ["s__"], 0.5, 0.3, {}),
    (["k__Archaea", "p__Euryarchaeota", "c__Methanobacteria", "o__Methanobacteriales", "f__Methanobacteriaceae",
      "g__Methanobrevibacter"], ["s__smithii", "s__"], 2.0, 0.0, {"Chris": 1.8, "Anna": 0.5}),
]
N_UNASSIGNED = 3


def subject(sample):
    return sample.split("-")[0]


def main():
    rng = np.random.default_rng(SEED)
    subjects = sorted({subject(s) for s in SAMPLES})

    otus = []  # (taxonomy list, log weight, prevalence, prefs)
    for lineage, species, weight, prev, prefs in TAXA:
        for sp in species:
            otus.append((lineage + [sp], weight, prev, prefs))
    n_tax = len(otus)

    # Per-OTU baseline: genus weight plus a log-normal spread.
    base = np.array([w for _, w, _, _ in otus]) + rng.normal(0.0, 1.1, n_tax)
    # Per-subject presence (stable over time) and per-subject shifts.
    present = {}
    shift = {}
    for subj in subjects:
        p = np.array([prev for _, _, prev, _ in otus])
        pref = np.array([prefs.get(subj, 0.0) for _, _, _, prefs in otus])
        # A strong positive preference makes the taxon present for that subject.
        p = np.where(pref >= 1.0, 1.0, p)
        present[subj] = rng.random(n_tax) < p
        shift[subj] = pref + rng.normal(0.0, 0.8, n_tax)

    counts = np.zeros((n_tax + N_UNASSIGNED, len(SAMPLES)), dtype=np.int64)
    for j, s in enumerate(SAMPLES):
        subj = subject(s)
        logab = base + shift[subj] + rng.normal(0.0, 0.6, n_tax)
        keep = present[subj] & (rng.random(n_tax) > 0.08)  # occasional time-point dropout
        w = np.where(keep, np.exp(logab), 0.0)
        w = w / w.sum()
        unassigned = rng.uniform(0.012, 0.028)
        ua = rng.dirichlet(np.ones(N_UNASSIGNED) * 2.0) * unassigned
        probs = np.concatenate([w * (1.0 - unassigned), ua])
        reads = int(rng.integers(8000, 30001))
        counts[:, j] = rng.multinomial(reads, probs / probs.sum())

    # Drop OTUs never observed, then number the rest.
    taxonomies = [t for t, _, _, _ in otus] + [["Unassigned"]] * N_UNASSIGNED
    keep_rows = [i for i in range(counts.shape[0]) if counts[i].sum() > 0]
    counts = counts[keep_rows]
    taxonomies = [taxonomies[i] for i in keep_rows]

    rows = [{"id": "OTU_%03d" % (i + 1), "metadata": {"taxonomy": t}} for i, t in enumerate(taxonomies)]
    cols = [{"id": s, "metadata": {"subject": subject(s), "month": s.split("-", 1)[1]}} for s in SAMPLES]
    data = [[int(i), int(j), int(counts[i, j])]
            for i in range(counts.shape[0]) for j in range(counts.shape[1]) if counts[i, j] > 0]

    head = {
        "id": "gutlens-sample",
        "format": "Biological Observation Matrix 1.0.0",
        "format_url": "http://biom-format.org",
        "type": "OTU table",
        "generated_by": "Gutlens testdata/make_sample.py (synthetic data, seed %d)" % SEED,
        "date": "2026-01-15T00:00:00",
    }
    d = lambda x: json.dumps(x, separators=(", ", ": "))
    parts = ["{"]
    for k, v in head.items():
        parts.append("  %s: %s," % (d(k), d(v)))
    parts.append('  "rows": [')
    parts.append(",\n".join("    " + d(r) for r in rows))
    parts.append("  ],")
    parts.append('  "columns": [')
    parts.append(",\n".join("    " + d(c) for c in cols))
    parts.append("  ],")
    parts.append('  "matrix_type": "sparse",')
    parts.append('  "matrix_element_type": "int",')
    parts.append('  "shape": [%d, %d],' % counts.shape)
    parts.append('  "data": [')
    parts.append(",\n".join("    " + ", ".join(d(x) for x in data[i:i + 8]) for i in range(0, len(data), 8)))
    parts.append("  ]")
    parts.append("}")
    text = "\n".join(parts) + "\n"
    json.loads(text)  # sanity check
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text)

    tot = counts.sum(axis=0)
    is_ua = np.array([t == ["Unassigned"] for t in taxonomies])
    ua_frac = counts[is_ua].sum(axis=0) / tot
    print("wrote %s: %d OTUs x %d samples, %d bytes" % (os.path.relpath(OUT, os.path.dirname(HERE)),
                                                        counts.shape[0], counts.shape[1], len(text)))
    for j, s in enumerate(SAMPLES):
        print("  %-14s reads=%6d observed=%3d unassigned=%.2f%%" %
              (s, tot[j], int((counts[:, j] > 0).sum()), 100 * ua_frac[j]))


if __name__ == "__main__":
    main()
