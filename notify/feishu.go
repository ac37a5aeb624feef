package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// FeishuMaxBody is the Feishu (飞书) robot's limit on a request body.
const FeishuMaxBody = 20 << 10

// FeishuSign returns the "sign" of a Feishu robot with signature
// verification: base64 of HmacSHA256 keyed with timestamp + "\n" + secret
// over empty data (timestamp in seconds).
func FeishuSign(timestamp int64, secret string) string {
	mac := hmac.New(sha256.New, []byte(strconv.FormatInt(timestamp, 10)+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// feishuMsg is an interactive card with one markdown element: the robot
// renders Markdown only inside cards.
type feishuMsg struct {
	Timestamp string     `json:"timestamp,omitempty"`
	Sign      string     `json:"sign,omitempty"`
	MsgType   string     `json:"msg_type"`
	Card      feishuCard `json:"card"`
}

type feishuCard struct {
	Header struct {
		Title struct {
			Tag     string `json:"tag"`
			Content string `json:"content"`
		} `json:"title"`
	} `json:"header"`
	Elements []feishuElement `json:"elements"`
}

type feishuElement struct {
	Tag     string `json:"tag"`
	Content string `json:"content"`
}

type feishuReply struct {
	Code       *int   `json:"code"`
	Msg        string `json:"msg"`
	StatusCode *int   `json:"StatusCode"` // older robots
}

func feishuBody(d Digest, text string, ts int64, secret string) ([]byte, error) {
	m := feishuMsg{MsgType: "interactive"}
	if secret != "" {
		m.Timestamp, m.Sign = strconv.FormatInt(ts, 10), FeishuSign(ts, secret)
	}
	m.Card.Header.Title.Tag, m.Card.Header.Title.Content = "plain_text", d.Title()
	m.Card.Elements = []feishuElement{{Tag: "markdown", Content: text}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// feishuParts splits the digest so every request body stays within
// FeishuMaxBody once JSON-encoded with its envelope.
func feishuParts(d Digest, o Options, secret string) []string {
	for limit := FeishuMaxBody - 1024; limit > 1024; limit -= 1024 {
		parts := d.Markdown(limit, o.maxMessages())
		ok := true
		for _, p := range parts {
			if b, err := feishuBody(d, p, 0, secret); err != nil || len(b)+64 > FeishuMaxBody {
				ok = false
				break
			}
		}
		if ok {
			return parts
		}
	}
	return d.Markdown(1024, o.maxMessages())
}

func checkFeishu(body []byte) *sendErr {
	var r feishuReply
	if err := json.Unmarshal(body, &r); err != nil {
		return &sendErr{err: fmt.Errorf("unexpected reply (%d bytes)", len(body))}
	}
	code := r.Code
	if code == nil {
		code = r.StatusCode
	}
	if code == nil {
		return &sendErr{err: fmt.Errorf("unexpected reply (%d bytes)", len(body))}
	}
	if *code != 0 {
		return &sendErr{err: fmt.Errorf("code %d: %s", *code, truncBytes(r.Msg, 200))}
	}
	return nil
}

func sendFeishu(ctx context.Context, client *http.Client, u, secret string, d Digest, o Options) error {
	return sendParts(feishuParts(d, o, secret), func(_ int, text string) error {
		return post(ctx, client, o, func() (*http.Request, error) {
			body, err := feishuBody(d, text, unixNow(o), secret)
			if err != nil {
				return nil, err
			}
			return jsonPost(u, body)
		}, checkFeishu)
	})
}
