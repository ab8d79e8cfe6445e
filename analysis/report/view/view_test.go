package view

import (
	"encoding/json"
	"math"
	"testing"
)

// Float writes NaN and ±Inf as null, other values in the shortest form
// that reads back exactly, and reads null back as NaN.
func TestFloatJSON(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {1, "1"}, {-2.5, "-2.5"}, {0.1, "0.1"}, {1e-7, "1e-07"}, {1e21, "1e+21"},
		{math.MaxFloat64, "1.7976931348623157e+308"}, {math.SmallestNonzeroFloat64, "5e-324"},
		{math.NaN(), "null"}, {math.Inf(1), "null"}, {math.Inf(-1), "null"},
	} {
		b, err := json.Marshal(Float(c.v))
		if err != nil || string(b) != c.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", c.v, b, err, c.want)
			continue
		}
		var back Float
		if err := json.Unmarshal(b, &back); err != nil {
			t.Errorf("Unmarshal(%s): %v", b, err)
			continue
		}
		if math.IsNaN(c.v) || math.IsInf(c.v, 0) {
			if !math.IsNaN(float64(back)) {
				t.Errorf("Unmarshal(%s) = %v, want NaN", b, back)
			}
		} else if float64(back) != c.v {
			t.Errorf("round trip of %v gave %v", c.v, back)
		}
	}
	// In a struct, a map and a slice, as the report uses it.
	in := struct {
		A Float            `json:"a"`
		M map[string]Float `json:"m"`
		S []Float          `json:"s"`
	}{Float(math.NaN()), map[string]Float{"x": 0.25}, []Float{1, Float(math.Inf(1))}}
	b, err := json.Marshal(in)
	if want := `{"a":null,"m":{"x":0.25},"s":[1,null]}`; err != nil || string(b) != want {
		t.Errorf("Marshal = %s, %v; want %s", b, err, want)
	}
	var out struct {
		A Float   `json:"a"`
		S []Float `json:"s"`
	}
	if err := json.Unmarshal(b, &out); err != nil || !math.IsNaN(float64(out.A)) || out.S[0] != 1 || !math.IsNaN(float64(out.S[1])) {
		t.Errorf("Unmarshal = %+v, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`"1"`), new(Float)); err == nil {
		t.Error("a string was read as a Float")
	}
}

// The report's health and enterotype models are read only for whether
// they are there; null is the same as absent.
func TestReportModels(t *testing.T) {
	var r Report
	if err := json.Unmarshal([]byte(`{"schema":"gutlens-report/1","health":{"schema":"gutlens-health/1","samples":{"S1":{}}},"enterotypes":null}`), &r); err != nil {
		t.Fatal(err)
	}
	if r.Health == nil || r.Health.Schema != "gutlens-health/1" || r.Enterotypes != nil {
		t.Errorf("Health = %+v, Enterotypes = %+v", r.Health, r.Enterotypes)
	}
}
