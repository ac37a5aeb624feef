package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// hmacB64 is base64(HmacSHA256(key, data)), written out here so the
// tests check the signatures independently of the code under test.
func hmacB64(key, data string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(data))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
