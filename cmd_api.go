package main

func runAPI(args []string) int { panic("runAPI: owned by its issue, not written yet") }
