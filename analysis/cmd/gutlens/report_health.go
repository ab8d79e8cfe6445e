package main

// reportHealthUsage documents the health part of gutlens report.
const reportHealthUsage = `
Health (--lang en|nl prints it as text after the report; --json adds it
under the key "health"):
  indices    GMHI, GMWI2, MD index per sample, status exact, approximate
             or not_applicable with the reason (see gutlens indices -h)
  guilds     functional groups from the cited knowledge base: members
             found/total, share of the classified sample
  percentile the share of a named healthy reference cohort below the value,
             matched by assay (shotgun/16S) and profiler; another profiler
             gives a warning, richness across profilers is not compared
  sections   overview, digestive, immune, gut_brain, metabolism, skin,
             food_advice: statements with evidence grade A–D, association
             or causation, and citations (DOI)
For education and research; not a medical device. Associations, not causes.
`
