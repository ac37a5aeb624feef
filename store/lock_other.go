//go:build !unix

package store

// pidAlive cannot tell without signals; the heartbeat timeout decides.
func pidAlive(pid int) bool { return pid > 0 }
