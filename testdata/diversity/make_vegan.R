#!/usr/bin/Rscript
# Cross-check values from R vegan 2.6-4 for Gutlens (Debian r-cran-vegan 2.6-4+dfsg-1,
# R 4.2.2), written as JSON to testdata/diversity/vegan/<input>.vegan.json:
#
#     apt-get install -y --no-install-recommends r-cran-vegan
#     Rscript testdata/diversity/make_vegan.R          # from the repo root
#
# Inputs are biom-format classic TSV tables (features in rows): testdata/tiny.tsv,
# testdata/diversity/rare.tsv (singletons, no rare feature, all singletons) and,
# when ../shared/corpus exists, qiime2/moving-pictures_feature-table_from-biom.tsv.
# Per sample (zero-sum samples left out, as vegan gives NaN/0 for them):
#   shannon_ln    diversity(x, "shannon")            shannon_log2  diversity(x, "shannon", base = 2)
#   simpson       diversity(x, "simpson")            inverse_simpson diversity(x, "invsimpson")
#   pielou        shannon_ln / log(specnumber(x))    (null when S_obs = 1)
#   chao1         estimateR(x)["S.chao1"]  -- bias-corrected (2.6-4 sets SSC = 1, no (N-1)/N factor)
#   ace           estimateR(x)["S.ACE"]    -- NaN when no feature is rare (scikit-bio: S_abund)
#   fisher_alpha  fisher.alpha(x)          -- uniroot(tol = eps^0.25): ~1e-5 relative off
# Beta over the samples with a non-zero sum, condensed upper triangle in sample order:
#   braycurtis    vegdist(x, "bray")         jaccard  vegdist(x, "jaccard", binary = TRUE)
suppressPackageStartupMessages(library(vegan))

num <- function(v) ifelse(is.finite(v), sprintf("%.17g", v), "null")
arr <- function(v) paste0("[", paste(num(v), collapse = ", "), "]")
str <- function(s) paste0("\"", gsub("\"", "\\\\\"", s), "\"")

read_tsv <- function(path) {
  d <- read.delim(path, skip = 1, comment.char = "", check.names = FALSE, quote = "",
                  row.names = 1, stringsAsFactors = FALSE)
  d <- d[, names(d) != "taxonomy", drop = FALSE]
  t(as.matrix(d))  # samples in rows
}

vegan_doc <- function(path, label, out) {
  x <- read_tsv(path)
  x <- x[rowSums(x) > 0, , drop = FALSE]
  ids <- rownames(x)
  h <- diversity(x, "shannon")
  s <- specnumber(x)
  est <- suppressWarnings(estimateR(x))
  alpha <- sapply(seq_along(ids), function(i) {
    xi <- x[i, ]
    paste0("  ", str(ids[i]), ": {",
           "\"shannon_ln\": ", num(h[i]),
           ", \"shannon_log2\": ", num(diversity(xi, "shannon", base = 2)),
           ", \"simpson\": ", num(diversity(xi, "simpson")),
           ", \"inverse_simpson\": ", num(diversity(xi, "invsimpson")),
           ", \"pielou\": ", num(if (s[i] > 1) h[i] / log(s[i]) else NA),
           ", \"chao1\": ", num(est["S.chao1", i]),
           ", \"ace\": ", num(est["S.ACE", i]),
           ", \"fisher_alpha\": ", num(if (s[i] < sum(xi)) fisher.alpha(xi) else NA),
           "}")
  })
  lines <- c("{", paste0("\"tool\": \"R vegan ", packageVersion("vegan"), "\", \"r\": ", str(R.version.string), ","),
             paste0("\"command\": \"Rscript testdata/diversity/make_vegan.R\", \"input\": ", str(label), ","),
             paste0("\"samples\": [", paste(sapply(ids, str), collapse = ", "), "],"),
             "\"alpha\": {", paste(alpha, collapse = ",\n"), "},",
             paste0("\"braycurtis\": ", arr(as.vector(vegdist(x, "bray"))), ","),
             paste0("\"jaccard\": ", arr(as.vector(vegdist(x, "jaccard", binary = TRUE)))),
             "}")
  writeLines(lines, out)
  cat("wrote", out, "\n")
}

here <- "testdata/diversity"
dir.create(file.path(here, "vegan"), showWarnings = FALSE)
vegan_doc("testdata/tiny.tsv", "testdata/tiny.tsv", file.path(here, "vegan", "tiny.tsv.vegan.json"))
vegan_doc("testdata/diversity/rare.tsv", "testdata/diversity/rare.tsv", file.path(here, "vegan", "rare.tsv.vegan.json"))
mp <- "../shared/corpus/qiime2/moving-pictures_feature-table_from-biom.tsv"
if (file.exists(mp)) {
  vegan_doc(mp, "corpus/qiime2/moving-pictures_feature-table_from-biom.tsv",
            file.path(here, "vegan", "moving-pictures_feature-table_from-biom.tsv.vegan.json"))
} else cat("skip corpus: ", mp, " does not exist\n")
