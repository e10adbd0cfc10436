package main

func runServe(args []string) int { panic("runServe: owned by its issue, not written yet") }
