package store

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOCRCache(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	if _, ok, err := db.OCRCached(ctx, "abc", "k1"); ok || err != nil {
		t.Fatalf("OCRCached on an empty cache = %v, %v", ok, err)
	}
	want := OCRText{Text: "到手价#59\n包邮", Words: []OCRWord{{"到手价", 93}, {"#59", 88.5}, {"包邮", 95}}}
	if err := db.SaveOCR(ctx, "abc", "k1", want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.OCRCached(ctx, "abc", "k1")
	if err != nil || !ok {
		t.Fatalf("OCRCached = %v, %v", ok, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("OCRCached (-want +got):\n%s", diff)
	}
	// Another engine key is another entry; saving again replaces.
	if _, ok, _ := db.OCRCached(ctx, "abc", "k2"); ok {
		t.Error("entry found under another engine key")
	}
	if err := db.SaveOCR(ctx, "abc", "k1", OCRText{}); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := db.OCRCached(ctx, "abc", "k1"); got.Text != "" || len(got.Words) != 0 {
		t.Errorf("after replacing with no text: %+v", got)
	}
	if err := db.SaveOCR(ctx, "", "k1", want); err == nil {
		t.Error("SaveOCR with no hash: no error")
	}
}

func TestRunOCR(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	run := mustStart(t, db, KindPatrol)
	if _, ok, err := db.RunOCR(ctx, run); ok || err != nil {
		t.Fatalf("RunOCR before saving = %v, %v", ok, err)
	}
	want := RunOCR{Status: OCRStatusSkipped, Note: "image checks skipped: tesseract not found", Images: 0}
	if err := db.SaveRunOCR(ctx, run, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.RunOCR(ctx, run)
	if err != nil || !ok || got != want || !got.Skipped() {
		t.Errorf("RunOCR = %+v, %v, %v; want %+v (skipped)", got, ok, err, want)
	}
	ok2 := RunOCR{Status: OCRStatusOK, Images: 12, OCRCalls: 3, CacheHits: 9}
	if err := db.SaveRunOCR(ctx, run, ok2); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := db.RunOCR(ctx, run); got != ok2 || got.Skipped() {
		t.Errorf("RunOCR after update = %+v, want %+v", got, ok2)
	}
	if err := db.SaveRunOCR(ctx, run, RunOCR{Status: "bogus"}); err == nil {
		t.Error("SaveRunOCR with an unknown status: no error")
	}
}
