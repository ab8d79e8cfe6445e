package main

import (
	"fmt"
	"time"

	"github.com/gutlens/gutlens/analysis/report"
)

// analyseFunc is the analysis the engine runs; tests replace it.
var analyseFunc = report.Analyse

// result is what the engine hands back to the worker script.
type result struct {
	JSON  string
	Error string
	MS    float64
}

// analyse runs one job. A panic anywhere in the analysis is recovered and
// returned as an error, so a bad file can never kill the engine.
func analyse(name string, data []byte, progress report.Progress) (out result) {
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			out = result{Error: fmt.Sprintf("%s: internal error in the analysis engine (please report it): %v", name, p)}
		}
	}()
	r, err := analyseFunc(data, name, "wasm", progress)
	if err != nil {
		return result{Error: err.Error()}
	}
	b, err := r.JSON()
	if err != nil {
		return result{Error: err.Error()}
	}
	return result{JSON: string(b), MS: float64(time.Since(start).Microseconds()) / 1000}
}
