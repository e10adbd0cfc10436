// Package cli is the bbbportal command line: one file per sub-command.
package cli

import (
	"fmt"
	"os"
	"strings"
)

// command is one sub-command: its one-line summary and its entry point,
// which receives the arguments after the sub-command name and returns the exit code.
type command struct {
	summary string
	run     func(args []string) int
}

var commands = map[string]command{
	"serve":       {"run the portal (the default)", runServe},
	"users":       {"create, list and change accounts", runUsers},
	"healthcheck": {"exit 0 if the local portal answers", runHealthcheck},
	"api":         {"sign and send a BBB API call, print the answer", runAPI},
	"simulator":   {"serve the built-in BBB simulator on its own port", runSimulator},
	"bench":       {"measure the main pages against a bare Fiber page", runBench},
}

var commandOrder = []string{"serve", "users", "healthcheck", "api", "simulator", "bench"}

// Run runs the command named by args (os.Args[1:]) and returns the exit code.
func Run(args []string) int {
	name := "serve"
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			usage()
			return 0
		}
		if !strings.HasPrefix(args[0], "-") {
			name, args = args[0], args[1:]
		}
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "bbbportal: unknown command %q\n", name)
		usage()
		return 2
	}
	return cmd.run(args)
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: bbbportal [command] [flags]\n\ncommands:")
	for _, name := range commandOrder {
		fmt.Fprintf(os.Stderr, "  %-12s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(os.Stderr, "\nRun 'bbbportal COMMAND --help' for the flags of a command.")
}
