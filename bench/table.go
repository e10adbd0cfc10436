package bench

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// Row is one line of a report: a named result and the baseline it is compared with.
type Row struct {
	Name     string
	Result   Result
	Baseline Result
}

// Print writes rows as an aligned table with requests/s, p50, p99, errors and the
// throughput ratio to the baseline.
func Print(w io.Writer, rows []Row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "page\treq/s\tp50 ms\tp99 ms\terrors\tbare req/s\tbare p50 ms\tbare p99 ms\tratio\t")
	for _, r := range rows {
		ratio := 0.0
		if b := r.Baseline.RPS(); b > 0 {
			ratio = r.Result.RPS() / b
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%s\t%s\t%d\t%.0f\t%s\t%s\t%.2f\t\n", r.Name,
			r.Result.RPS(), ms(r.Result.P50), ms(r.Result.P99), r.Result.Errors,
			r.Baseline.RPS(), ms(r.Baseline.P50), ms(r.Baseline.P99), ratio)
	}
	tw.Flush()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }
