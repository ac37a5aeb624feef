package reports

import (
	"encoding/json"
	"io"
	"strconv"
	"time"
)

// jsonReport is the findings JSON of ../shared/spec/findings-json.md. The
// fields the spec lists never change; status, removed, suppressed and
// health are additions the spec allows.
type jsonReport struct {
	Run        jsonRun       `json:"run"`
	Exposure   jsonExposure  `json:"exposure"`
	Findings   []jsonFinding `json:"findings"`
	Resolved   []jsonFinding `json:"resolved"`
	Removed    []jsonFinding `json:"removed"`
	Suppressed []jsonFinding `json:"suppressed"`
	Health     jsonHealth    `json:"health"`
}

type jsonRun struct {
	ID           int64  `json:"id"`
	Kind         string `json:"kind"`
	StartedAt    string `json:"started_at"`
	FinishedAt   string `json:"finished_at"`
	Shop         string `json:"shop"`
	Listings     int    `json:"listings"`
	PagesFetched int    `json:"pages_fetched"`
	FetchErrors  int    `json:"fetch_errors"`
	Status       string `json:"status"`
	Baseline     *int64 `json:"baseline_run"`
}

type jsonExposure struct {
	Points int    `json:"points"`
	Node   string `json:"node"`
}

type jsonFinding struct {
	ListingID      string `json:"listing_id"`
	URL            string `json:"url"`
	Title          string `json:"title"`
	Rule           string `json:"rule"`
	Severity       string `json:"severity"`
	Points         int    `json:"points"`
	Source         string `json:"source"`
	Evidence       string `json:"evidence"`
	Detail         string `json:"detail"`
	State          string `json:"state"`
	Fingerprint    string `json:"fingerprint"`
	ImageURL       string `json:"image_url,omitempty"`
	Carried        bool   `json:"carried,omitempty"`
	SuppressReason string `json:"suppress_reason,omitempty"`
	// Page is the page the finding was read from, as archived for
	// appeals (xundian evidence FINGERPRINT writes its bytes).
	Page *jsonPage `json:"page,omitempty"`
}

type jsonPage struct {
	SHA256    string `json:"sha256"`
	FetchedAt string `json:"fetched_at"`
}

type jsonHealth struct {
	Discovered    int            `json:"discovered"`
	Checked       int            `json:"checked"`
	FetchFailed   int            `json:"fetch_failed"`
	CouldNotCheck map[string]int `json:"could_not_check"`
	// ImageChecks says how image pixels were read; status "skipped" or
	// "disabled" means claims on images were not checked.
	ImageChecks *jsonImageChecks `json:"image_checks,omitempty"`
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// WriteJSON writes the report as findings JSON, indented.
func (r *Report) WriteJSON(w io.Writer) error {
	conv := func(items []Item) []jsonFinding {
		out := make([]jsonFinding, 0, len(items))
		for _, it := range items {
			out = append(out, jsonFinding{
				ListingID: it.ListingID, URL: it.URL, Title: it.Title, Rule: it.Rule,
				Severity: string(it.Severity), Points: it.Points, Source: string(it.Source),
				Evidence: it.Evidence, Detail: it.Detail(r.Lang), State: it.State,
				Fingerprint: it.Fingerprint, ImageURL: it.ImageURL, Carried: it.Carried,
				SuppressReason: it.SuppressReason,
			})
			if it.Page.Hash != "" {
				out[len(out)-1].Page = &jsonPage{SHA256: it.Page.Hash, FetchedAt: timeString(it.Page.FetchedAt)}
			}
		}
		return out
	}
	jr := jsonReport{
		Run: jsonRun{
			ID: r.Run.ID, Kind: r.Run.Kind, Shop: r.Run.Shop,
			StartedAt: timeString(r.Run.StartedAt), FinishedAt: timeString(r.Run.FinishedAt),
			Listings: r.Run.Listings, PagesFetched: r.Run.PagesFetched, FetchErrors: r.Run.FetchErrors,
			Status: r.Run.Status,
		},
		Exposure:   jsonExposure{Points: r.Exposure.Points, Node: strconv.Itoa(r.Exposure.Node)},
		Findings:   conv(r.Open),
		Resolved:   conv(r.Resolved),
		Removed:    conv(r.Removed),
		Suppressed: conv(r.Suppressed),
		Health: jsonHealth{
			Discovered: r.Health.Discovered, Checked: r.Health.Checked,
			FetchFailed: r.Health.FetchFailed, CouldNotCheck: r.Health.CouldNotCheck,
			ImageChecks: r.jsonImageChecks(),
		},
	}
	if r.HasBase {
		id := r.Base.ID
		jr.Run.Baseline = &id
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(jr)
}
