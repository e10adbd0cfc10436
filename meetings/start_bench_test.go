package meetings

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb/bbbsim"
	"bbbportal/createopts"
	"bbbportal/models"
)

// BenchmarkStartsInParallel starts one room alone, then 200 other rooms at the same moment,
// on a real SQLite file and the simulator over HTTP. Starts of different rooms share nothing
// but the database, so the burst should take a small multiple of one start, not 200 of them.
// "simulator" answers at once (the time is the portal's and the simulator's CPU on the same
// cores); "bbb-latency" makes the simulator answer like a real server (getMeetingInfo 20 ms,
// create 100 ms), where starting one after another would show at once.
func BenchmarkStartsInParallel(b *testing.B) {
	b.Run("simulator", func(b *testing.B) { benchmarkStarts(b, 0, 0) })
	b.Run("bbb-latency", func(b *testing.B) { benchmarkStarts(b, 20*time.Millisecond, 100*time.Millisecond) })
}

func benchmarkStarts(b *testing.B, infoLatency, createLatency time.Duration) {
	const burst = 200
	e := newEnv(b, bbbsim.Options{}, Config{})
	if infoLatency > 0 {
		e.sim.SetFault("getMeetingInfo", bbbsim.Fault{Latency: infoLatency})
		e.sim.SetFault("create", bbbsim.Fault{Latency: createLatency})
	}
	var one, all time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		rooms := make([]*models.Room, burst+1)
		for j := range rooms {
			rooms[j] = e.newRoom(fmt.Sprintf("Room %d-%03d", i, j), createopts.Settings{}, nil)
		}
		b.StartTimer()

		start := time.Now()
		if _, err := e.svc.Start(context.Background(), rooms[0], e.user, audit.Record{ActorID: e.user.ID}); err != nil {
			b.Fatal(err)
		}
		one += time.Since(start)

		var wg sync.WaitGroup
		errs := make(chan error, burst)
		start = time.Now()
		for _, room := range rooms[1:] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.svc.Start(context.Background(), room, e.user, audit.Record{ActorID: e.user.ID}); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		all += time.Since(start)
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(one.Microseconds())/1000/n, "one-ms")
	b.ReportMetric(float64(all.Microseconds())/1000/n, "200-ms")
	b.ReportMetric(float64(all)/float64(one), "200/one")
}
