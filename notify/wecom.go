package notify

import (
	"context"
	"encoding/json"
	"net/http"
)

// WeComMaxBytes is the WeCom (企业微信) group robot's limit on markdown
// content, in UTF-8 bytes.
const WeComMaxBytes = 4096

// weComRateLimited is WeCom's errcode for "api freq out of limit".
const weComRateLimited = 45009

type weComMsg struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Content string `json:"content"`
	} `json:"markdown"`
}

func sendWeCom(ctx context.Context, client *http.Client, u string, d Digest, o Options) error {
	parts := d.Markdown(WeComMaxBytes, o.maxMessages())
	return sendParts(parts, func(_ int, text string) error {
		var m weComMsg
		m.MsgType = "markdown"
		m.Markdown.Content = text
		body, err := json.Marshal(m)
		if err != nil {
			return err
		}
		return post(ctx, client, o, func() (*http.Request, error) { return jsonPost(u, body) },
			checkErrcode(weComRateLimited))
	})
}
