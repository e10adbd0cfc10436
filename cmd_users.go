package main

func runUsers(args []string) int { panic("runUsers: owned by its issue, not written yet") }
