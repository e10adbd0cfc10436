package portal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"bbbportal/bbb"
	"bbbportal/config"
)

// serverRecheck is how often the portal asks the BBB server again for its version and for the
// calls it offers (a server may be upgraded, a load balancer reconfigured, while it runs).
const serverRecheck = 10 * time.Minute

// newBBBClient builds the client of the configured server. BIGBLUEBUTTON_CHECKSUM pins the
// checksum algorithm; "auto" (the default) finds the strongest one the server accepts. The
// demo server accepts every algorithm: it is signed with SHA-256 unless one is pinned.
func newBBBClient(cfg config.Config, o options) (*bbb.Client, error) {
	if o.ownBBB {
		return bbb.New(cfg.BBBEndpoint, cfg.BBBSecret, o.bbbOpts...)
	}
	alg, err := bbb.ParseAlgorithm(cfg.BBBChecksum)
	if err != nil {
		return nil, &config.Error{Var: "BIGBLUEBUTTON_CHECKSUM", Problem: err.Error()}
	}
	if alg == bbb.Auto && cfg.Demo {
		alg = bbb.SHA256
	}
	return bbb.New(cfg.BBBEndpoint, cfg.BBBSecret, bbb.WithChecksum(alg), bbb.WithRetry(3, 500*time.Millisecond))
}

// watchServer settles the checksum algorithm, then asks the server for its version and the
// calls it offers, and again every serverRecheck.
func (p *Portal) watchServer(ctx context.Context) {
	if !p.Config.Demo && !settleChecksum(ctx, p.BBB, p.Config.BBBChecksum, p.Log) {
		return
	}
	last := ""
	for {
		p.Meetings.RefreshServer(ctx)
		info := p.Meetings.ServerKnown()
		release := info.Release.String()
		if !info.ReleaseExact && !info.Release.IsZero() {
			release += " (inferred from the API index)"
		}
		if said := fmt.Sprint(release, info.Lacking()); !info.CheckedAt.IsZero() && said != last {
			p.Log.Info("BBB server", "release", release, "unavailable", info.Lacking())
			last = said
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(serverRecheck):
		}
	}
}

// settleChecksum makes the first signed call, which settles an "auto" algorithm, and says in
// one log line which algorithm the portal uses. It retries while the server cannot be reached,
// and gives up (false) when the server refuses the secret. A server that answers is never
// called unreachable: b3scale answers a checksum error with HTTP 500 and a FAILED body.
func settleChecksum(ctx context.Context, client *bbb.Client, setting string, log *slog.Logger) bool {
	host := endpointHost(client.Endpoint())
	for wait := time.Second; ; wait = min(2*wait, 5*time.Minute) {
		callCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
		var err error
		if setting == string(bbb.Auto) {
			_, err = client.DetectChecksum(callCtx)
		} else {
			_, err = client.IsMeetingRunning(callCtx, "bbbportal-checksum-probe")
		}
		cancel()
		alg, detected := client.ChosenChecksum()
		switch {
		case err == nil && detected:
			log.Info("BBB checksum algorithm chosen by auto-detection", "checksum", string(alg), "server", host)
			return true
		case err == nil:
			log.Info("BBB checksum algorithm set by BIGBLUEBUTTON_CHECKSUM", "checksum", string(alg), "server", host)
			return true
		case errors.Is(err, bbb.ErrWrongSecret):
			log.Error("the BBB server refuses every checksum algorithm: check BIGBLUEBUTTON_SECRET", "server", host)
			return false
		case bbb.IsChecksumError(err):
			log.Error("the BBB server refuses the checksum: check BIGBLUEBUTTON_SECRET, or set BIGBLUEBUTTON_CHECKSUM=auto",
				"server", host, "checksum", setting)
			return false
		case ctx.Err() != nil:
			return false
		case bbb.IsUnreachable(err):
			log.Warn("BBB server not reachable yet; retrying", "server", host, "in", wait.String())
		case isAPIError(err):
			// Any API answer passed the checksum (isMeetingRunning for an unknown meeting).
			log.Info("BBB checksum algorithm set by BIGBLUEBUTTON_CHECKSUM", "checksum", string(alg), "server", host)
			return true
		default:
			log.Warn("the BBB endpoint answers, but not like the BBB API: check BIGBLUEBUTTON_ENDPOINT; retrying",
				"server", host, "in", wait.String(), "error", err)
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(wait):
		}
	}
}

func isAPIError(err error) bool {
	var e *bbb.Error
	return errors.As(err, &e)
}

// endpointHost is the server's host name, for log lines (the endpoint itself is not secret,
// but its host says enough).
func endpointHost(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil {
		return ""
	}
	return u.Host
}
