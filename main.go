// Command bbbportal is a web admin portal for BigBlueButton.
package main

import (
	"os"

	"bbbportal/cli"
)

func main() {
	cli.LimitMemory(os.Getenv)
	os.Exit(cli.Run(os.Args[1:]))
}
