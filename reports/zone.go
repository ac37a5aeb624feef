package reports

import (
	"time"
	_ "time/tzdata" // report days are in Asia/Shanghai even without a system zoneinfo
)

// DefaultZone is the zone report days are computed in when the caller
// passes a nil location: the shops patrolled are Chinese.
var DefaultZone = loadShanghai()

func loadShanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil { // cannot happen with time/tzdata linked in
		return time.FixedZone("CST", 8*60*60)
	}
	return loc
}

func orShanghai(loc *time.Location) *time.Location {
	if loc == nil {
		return DefaultZone
	}
	return loc
}
