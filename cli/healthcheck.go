package cli

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

func runHealthcheck(args []string) int {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	url := fs.String("url", "", "health URL to ask (default: /healthz on LISTEN_ADDR of this machine)")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: bbbportal healthcheck [--url URL] [--timeout 3s]\n\nExits 0 if the local portal answers /healthz with 200, 1 otherwise.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitCodeForFlagError(err)
	}
	if *url == "" {
		*url = localHealthURL(os.Getenv("LISTEN_ADDR"))
	}
	client := &http.Client{Timeout: *timeout}
	resp, err := client.Get(*url)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bbbportal healthcheck: no answer from", *url)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(os.Stderr, "bbbportal healthcheck: %s answered %d\n", *url, resp.StatusCode)
		return 1
	}
	return 0
}

// localHealthURL turns LISTEN_ADDR (":8080", "0.0.0.0:8080", "[::]:8080") into a loopback URL.
func localHealthURL(listenAddr string) string {
	if listenAddr == "" {
		listenAddr = ":8080"
	}
	host, port, err := net.SplitHostPort(listenAddr)
	if err != nil {
		return "http://127.0.0.1:8080/healthz"
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz"
}
