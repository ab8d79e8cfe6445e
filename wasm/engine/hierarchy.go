package main

// The "hierarchy" query: one sample of the current file as a taxonomic
// tree, for the sunburst and its tree table (app/sunburst.go).

func init() {
	queries["hierarchy"] = func(e *engine, q Query) result {
		if len(q.Samples) != 1 {
			return result{Error: "engine: a hierarchy query names exactly one sample"}
		}
		h, err := e.report.Hierarchy(q.Samples[0])
		if err != nil {
			return result{Error: err.Error()}
		}
		return marshal(h)
	}
}
