// Package notify sends the digest of a patrol (counts, the most serious
// new findings, exposure, a link to the full report) to group-chat robots
// (DingTalk, WeCom, Feishu) and to a generic JSON webhook.
//
// One run makes one message per channel; a digest too big for a channel's
// size limit is shortened and, only then, split into a few parts (at most
// Options.MaxMessages), which keeps DingTalk's and WeCom's limit of 20
// messages a minute per robot out of reach. Sends are retried with a
// bounded backoff. Secrets (signing keys, and robot URLs, which carry
// access tokens) are read from environment variables named in the config
// and never appear in errors or logs.
package notify
