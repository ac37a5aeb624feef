package reports

import "fmt"

// imageWarning is the sentence a report shows when the run did not read
// image pixels (image OCR disabled, or Tesseract missing), "" when it did
// or the run predates image checks. Claims stamped on images are then
// unchecked: the report must say so, never stay silent.
func (r *Report) imageWarning() string {
	h := r.Health
	if !h.HasImages || !h.Images.Skipped() {
		return ""
	}
	if r.Lang == "en" {
		return fmt.Sprintf("**Warning: image checks were skipped — claims stamped in image pixels were not read (%s).**", h.Images.Note)
	}
	return fmt.Sprintf("**警告：本次未检查图片文字（图片识别已跳过），图片上的承诺未被读取（%s）。**", h.Images.Note)
}

// imageSummary is the health line on how images were read, "" when the
// run predates image checks.
func (r *Report) imageSummary() string {
	h := r.Health
	if !h.HasImages || h.Images.Skipped() {
		return ""
	}
	i := h.Images
	if r.Lang == "en" {
		return fmt.Sprintf("Images read: %d (OCR %d, from cache %d, failed %d)", i.Images, i.OCRCalls, i.CacheHits, i.Failed)
	}
	return fmt.Sprintf("图片识别：%d 张（识别 %d，缓存 %d，失败 %d）", i.Images, i.OCRCalls, i.CacheHits, i.Failed)
}

// jsonImageChecks is findings JSON's health.image_checks.
type jsonImageChecks struct {
	Status    string `json:"status"`
	Note      string `json:"note,omitempty"`
	Images    int    `json:"images"`
	OCRCalls  int    `json:"ocr_calls"`
	CacheHits int    `json:"cache_hits"`
	Failed    int    `json:"failed"`
}

func (r *Report) jsonImageChecks() *jsonImageChecks {
	if !r.Health.HasImages {
		return nil
	}
	i := r.Health.Images
	return &jsonImageChecks{Status: i.Status, Note: i.Note, Images: i.Images, OCRCalls: i.OCRCalls,
		CacheHits: i.CacheHits, Failed: i.Failed}
}
