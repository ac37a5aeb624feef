package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// DingTalkMaxBytes is the size kept under for a DingTalk robot's
// markdown text; the robot accepts about 20,000 bytes.
const DingTalkMaxBytes = 18000

// dingTalkRateLimited is DingTalk's errcode for "sending too fast".
const dingTalkRateLimited = 130101

// DingTalkSign returns the "sign" query value of a DingTalk robot with
// the signature security setting: base64 of HmacSHA256 over
// timestamp + "\n" + secret, keyed with the secret (timestamp in
// milliseconds). The caller URL-encodes it.
func DingTalkSign(timestampMS int64, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestampMS, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

type dingTalkMsg struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"markdown"`
}

// robotReply is DingTalk's and WeCom's answer.
type robotReply struct {
	ErrCode *int   `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

func checkErrcode(rateLimited int) func([]byte) *sendErr {
	return func(body []byte) *sendErr {
		var r robotReply
		if err := json.Unmarshal(body, &r); err != nil || r.ErrCode == nil {
			return &sendErr{err: fmt.Errorf("unexpected reply (%d bytes)", len(body))}
		}
		if *r.ErrCode != 0 {
			return &sendErr{err: fmt.Errorf("errcode %d: %s", *r.ErrCode, truncBytes(r.ErrMsg, 200)),
				retry: *r.ErrCode == rateLimited}
		}
		return nil
	}
}

func sendDingTalk(ctx context.Context, client *http.Client, u, secret string, d Digest, o Options) error {
	parts := d.Markdown(DingTalkMaxBytes, o.maxMessages())
	return sendParts(parts, func(_ int, text string) error {
		var m dingTalkMsg
		m.MsgType = "markdown"
		m.Markdown.Title, m.Markdown.Text = d.Title(), text
		body, err := json.Marshal(m)
		if err != nil {
			return err
		}
		return post(ctx, client, o, func() (*http.Request, error) {
			target := u
			if secret != "" {
				ts := o.now().UnixMilli()
				target, err = withQuery(u, url.Values{
					"timestamp": {strconv.FormatInt(ts, 10)},
					"sign":      {DingTalkSign(ts, secret)},
				})
				if err != nil {
					return nil, err
				}
			}
			return jsonPost(target, body)
		}, checkErrcode(dingTalkRateLimited))
	})
}

// withQuery adds values to u's query, keeping what it has (the robot's
// access_token).
func withQuery(u string, add url.Values) (string, error) {
	p, err := url.Parse(u)
	if err != nil {
		return "", fmt.Errorf("bad URL")
	}
	q := p.Query()
	for k, vs := range add {
		q[k] = vs
	}
	p.RawQuery = q.Encode()
	return p.String(), nil
}

// unixNow is the signing clock in seconds (Feishu).
func unixNow(o Options) int64 { return o.now().Unix() }
