package health_test

import (
	"fmt"

	"github.com/gutlens/gutlens/analysis/health"
)

func ExamplePercentile() {
	// A Shannon index of 2.43 nats in a MetaPhlAn 2 profile sits at the
	// median of the GMHI study's healthy controls.
	p, c, ok := health.Percentile(health.MetricShannon, health.AssayShotgun, "metaphlan2", 2.43055)
	fmt.Printf("%.0f of 100 in %s (n = %d), ok %v\n", p, c.ID, c.N, ok)

	// Richness from MetaPhlAn 4 is not compared with MetaPhlAn 2 counts.
	_, _, err := health.PercentileOf(health.MetricObserved, health.AssayShotgun, "metaphlan4", 80)
	fmt.Println(err != nil)

	// Output:
	// 50 of 100 in gmhi_validation_healthy_metaphlan2 (n = 118), ok true
	// true
}

func ExampleText() {
	args := map[string]string{"percentile": "72", "cohort": "HMP", "n": "82"}
	fmt.Println(health.Text("en", "reference.placed", args))
	fmt.Println(health.Text("nl", "reference.placed", args))
	// Output:
	// That is higher than in 72 of 100 people in the reference group (HMP, 82 people).
	// Dat is hoger dan bij 72 van de 100 mensen in de vergelijkingsgroep (HMP, 82 mensen).
}
