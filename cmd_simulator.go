package main

func runSimulator(args []string) int { panic("runSimulator: owned by its issue, not written yet") }
