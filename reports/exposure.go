package reports

import "sort"

// NodeStep is the platform's general-violation step: every 12 points.
const NodeStep = 12

// TopNode is the highest penalty node rules.md names (48 points: 28 days
// of shop supervision); totals above it still report node 48.
const TopNode = 48

// Exposure is the deduction the shop risks if every open finding were
// complained about, and the penalty node that total crosses.
type Exposure struct {
	Points int
	// Node is the highest node crossed: 12, 24, 36 or 48 (TopNode, also
	// for any larger total), 0 for none.
	Node int
	// FixCount is how many open findings must be fixed, highest points
	// first, to bring the total back under Node (0 when Node is 0);
	// FewestFixes holds the first maxListedFixes of them (a shop far past
	// the top node would otherwise copy most of its findings here).
	FixCount    int
	FewestFixes []Item
}

// ComputeExposure sums the points of open findings, counting each listing
// and rule once, and finds the fewest fixes that drop below the node.
func ComputeExposure(open []Item) Exposure {
	total, scored := scorePoints(len(open), func(i int) (string, string, int) {
		return open[i].ListingID, open[i].Rule, open[i].Points
	})
	e := Exposure{Points: total, Node: exposureNode(total)}
	if e.Node == 0 {
		return e
	}
	sort.SliceStable(scored, func(i, j int) bool { return open[scored[i]].Points > open[scored[j]].Points })
	left := total
	for _, i := range scored {
		if left < e.Node {
			break
		}
		if e.FixCount < maxListedFixes {
			e.FewestFixes = append(e.FewestFixes, open[i])
		}
		e.FixCount++
		left -= open[i].Points
	}
	return e
}

// Consequence describes in words what crossing node means (rules.md,
// "Shop-level exposure").
func Consequence(node int, lang string) string {
	if lang == "en" {
		switch {
		case node == 0:
			return "below the first penalty node (12 points)"
		case node >= 48:
			return "48 points: 28 days of shop supervision for 违背承诺/滥发信息, plus 7 days barred from marketing events and a 10,000 yuan penalty per 12 points"
		case node >= 24:
			return "24 points: 7 days of shop supervision for 违背承诺/滥发信息, plus 7 days barred from marketing events (聚划算 slots lost) and a 10,000 yuan penalty per 12 points"
		default:
			return "12 points: 7 days barred from marketing events (聚划算 slots lost) and a 10,000 yuan penalty"
		}
	}
	switch {
	case node == 0:
		return "未达到首个处罚节点（12 分）"
	case node >= 48:
		return "48 分：违背承诺/滥发信息 店铺监管 28 天；每满 12 分另限制参加营销活动 7 天并支付 1 万元违约金"
	case node >= 24:
		return "24 分：违背承诺/滥发信息 店铺监管 7 天；每满 12 分另限制参加营销活动 7 天（聚划算坑位取消）并支付 1 万元违约金"
	default:
		return "12 分：限制参加营销活动 7 天（聚划算坑位取消），并支付 1 万元违约金"
	}
}

// exposureNode is the deduction node a shop with total points has reached.
func exposureNode(total int) int { return min(total/NodeStep*NodeStep, TopNode) }

// scorePoints is the exposure's counting rule over n findings, finding i
// being at(i): each listing and rule counts once, with positive points.
// It returns the total and the indexes of the findings counted (indexes,
// not copies: a big shop's findings are many).
func scorePoints(n int, at func(i int) (listingID, rule string, points int)) (total int, scored []int) {
	type key struct{ listing, rule string }
	seen := map[key]bool{}
	for i := range n {
		id, rule, points := at(i)
		k := key{id, rule}
		if seen[k] || points <= 0 {
			continue
		}
		seen[k] = true
		total += points
		scored = append(scored, i)
	}
	return total, scored
}
