package health

import (
	"strings"
	"sync"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// GuildResult is a guild matched against a table.
type GuildResult struct {
	ID   string
	Name string
	// Members is the number of distinct member taxa of the guild; Found
	// counts those that match at least one feature of the table, and
	// Unresolvable those finer than the table's finest rank (e.g. species
	// members in a genus-level table), which cannot be found.
	Members, Found, Unresolvable int
	// Share is, per sample, the summed value of the features that belong
	// to the guild divided by the sample's total over all features (the
	// classified part); NaN for an empty sample. A feature counts once
	// even when it matches several members.
	Share []float64
	// Matched lists the matching feature indices.
	Matched []int
}

// rankIndex maps a rank name to its Lineage index.
func rankIndex(rank string) int {
	for i, r := range analysis.Ranks {
		if r == rank {
			return i
		}
	}
	return -1
}

// key is the matching key of a name at a rank: taxonomy.Canonical (rank
// prefix and GTDB suffixes dropped, former names mapped to current ones),
// lower-cased.
func key(rank int, name string) string {
	return strings.ToLower(taxonomy.Canonical(rank, name))
}

// tableKeys returns featureKeys of every feature of t, computed once per
// table: the indices, guilds and taxon shares all match the same names.
func tableKeys(t *analysis.Table) [][8]string {
	keysMemo.Lock()
	defer keysMemo.Unlock()
	if keysMemo.t == t && len(keysMemo.keys) == len(t.Features) {
		return keysMemo.keys
	}
	keys := make([][8]string, len(t.Features))
	m := &nameMemo{norm: map[string]string{}, key: map[[2]string]string{}}
	for i := range t.Features {
		keys[i] = m.featureKeys(&t.Features[i])
	}
	keysMemo.t, keysMemo.keys = t, keys
	return keys
}

// keysMemo holds the keys of the last table matched.
var keysMemo struct {
	sync.Mutex
	t    *analysis.Table
	keys [][8]string
}

// featureKeys returns a feature's matching keys by rank (Lineage order);
// the species key is built from "genus epithet" where the file writes the
// epithet alone (Greengenes). Without a lineage, the clade id is parsed
// ("k__…|s__…" or "s__Genus_species").
func featureKeys(f *analysis.Feature) [8]string {
	return (&nameMemo{}).featureKeys(f)
}

// nameMemo remembers normalised names and keys: a table repeats the same
// few hundred names across thousands of features. Nil maps disable it.
type nameMemo struct {
	norm map[string]string
	key  map[[2]string]string
}

func (m *nameMemo) normalize(s string) string {
	if m.norm == nil {
		return taxonomy.Normalize(s)
	}
	n, ok := m.norm[s]
	if !ok {
		n = taxonomy.Normalize(s)
		m.norm[s] = n
	}
	return n
}

func (m *nameMemo) rankKey(rank int, name string) string {
	if m.key == nil {
		return key(rank, name)
	}
	k := [2]string{string(rune('0' + rank)), name}
	v, ok := m.key[k]
	if !ok {
		v = key(rank, name)
		m.key[k] = v
	}
	return v
}

func (m *nameMemo) featureKeys(f *analysis.Feature) [8]string {
	var keys [8]string
	lineage := f.Lineage
	if lineage == nil {
		lineage = make([]string, 8)
		for _, part := range strings.Split(f.ID, "|") {
			if len(part) > 3 && part[1] == '_' && part[2] == '_' {
				if i := strings.IndexByte("kpcofgst", part[0]); i >= 0 {
					lineage[i] = part[3:]
				}
			}
		}
	}
	var names [8]string
	for i := 0; i < len(lineage) && i < 8; i++ {
		names[i] = m.normalize(lineage[i])
	}
	if sp := names[6]; sp != "" && !strings.Contains(sp, " ") && names[5] != "" {
		names[6] = names[5] + " " + sp
	}
	if names[5] == "" && names[6] != "" {
		names[5] = strings.Fields(names[6])[0]
	}
	for i, n := range names {
		if n != "" {
			keys[i] = m.rankKey(i, n)
		}
	}
	return keys
}

// MatchGuilds matches every guild of the knowledge base against t by name
// at the member's rank: taxonomy.Canonical keys (so former and current
// names match), plus the member's own listed synonyms.
func MatchGuilds(t *analysis.Table) []GuildResult {
	k := KnowledgeBase()
	finest := -1
	keys := tableKeys(t)
	for i := range t.Features {
		for r := 7; r > finest; r-- {
			if keys[i][r] != "" {
				finest = r
				break
			}
		}
	}
	totals := make([]float64, len(t.Samples))
	for s, c := range t.Columns {
		totals[s] = c.Sum()
	}
	var out []GuildResult
	for _, g := range k.Guilds {
		res := GuildResult{ID: g.ID, Name: g.Name, Share: make([]float64, len(t.Samples))}
		member := map[string]bool{}
		in := make([]bool, len(t.Features))
		for _, e := range g.Entries {
			for _, tx := range e.Taxa {
				r := rankIndex(tx.Rank)
				id := tx.Rank + ":" + strings.ToLower(tx.Name)
				if r < 0 || member[id] {
					continue
				}
				member[id] = true
				res.Members++
				if r > finest {
					res.Unresolvable++
					continue
				}
				names := map[string]bool{key(r, tx.Name): true}
				for _, s := range tx.Synonyms {
					names[key(r, s)] = true
				}
				found := false
				for i := range keys {
					if names[keys[i][r]] {
						in[i], found = true, true
					}
				}
				if found {
					res.Found++
				}
			}
		}
		for i, ok := range in {
			if ok {
				res.Matched = append(res.Matched, i)
			}
		}
		for s, c := range t.Columns {
			sum := 0.0
			for n, i := range c.Index {
				if in[i] {
					sum += c.Value[n]
				}
			}
			res.Share[s] = sum / totals[s]
		}
		out = append(out, res)
	}
	return out
}
