package demoshop

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Handler returns the whole storefront (DESIGN.md "Demo shop HTTP
// surface"). Unknown paths and IDs answer 404.
func (s *Shop) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		writeBody(w, "text/html; charset=utf-8", s.renderHome())
	})
	mux.HandleFunc("GET /list", s.serveList)
	mux.HandleFunc("GET /sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		writeBody(w, "application/xml; charset=utf-8", s.renderSitemapIndex(baseURL(r)))
	})
	mux.HandleFunc("GET /{file}", s.serveSitemap)
	mux.HandleFunc("GET /item/{file}", s.serveItem)
	mux.HandleFunc("GET /detail.htm", s.serveDetail)
	mux.HandleFunc("GET /freight/{file}", s.serveFreight)
	mux.HandleFunc("GET /img/{file}", s.serveImage)
	mux.HandleFunc("GET /_truth.json", func(w http.ResponseWriter, r *http.Request) {
		writeBody(w, "application/json", s.truthJSON())
	})
	mux.HandleFunc("GET /_truth/detail.json", func(w http.ResponseWriter, r *http.Request) {
		writeBody(w, "application/json", s.detailJSON())
	})
	return mux
}

// writeBody writes a 200 response.
func writeBody(w http.ResponseWriter, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body) // an error means the client went away
}

// serveCached writes a page with a strong ETag and its Last-Modified,
// answering conditional requests with 304. The ETag names what the page
// is a pure function of (etag), so a conditional request for an unchanged
// page is answered without rendering it: http.ServeContent checks the
// preconditions before it sizes — and so renders — the body. render may
// set the Content-Type header (it runs before the header is written).
func (s *Shop) serveCached(w http.ResponseWriter, r *http.Request, contentType, key string, render func() []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("ETag", s.etag(key))
	http.ServeContent(w, r, "", s.lastModified(key), &lazyBody{render: render})
}

// lastModified is when the page named key (as etag takes it) last
// changed: the shop's fixed modification time, moved to the shop's day
// for a page time travel changes. The sitemap states the same time as
// the page's lastmod.
func (s *Shop) lastModified(key string) time.Time {
	if s.travelTag(key) == "" {
		return s.modTime
	}
	return s.modTime.AddDate(0, 0, s.tt.day)
}

// etagVersion changes whenever page rendering changes, so that a client
// holding an ETag from an older build fetches the page again.
const etagVersion = 1

// etag is the strong ETag of the page named key (its path and query): a
// hash of everything the page's bytes depend on — the shop's seed, size
// and stamp font, the rendering version and the page itself.
func (s *Shop) etag(key string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d|%d|%d|%t|%s", etagVersion, s.seed, s.n, s.font != nil, key)
	h.Write([]byte(s.travelTag(key))) // time travel (timetravel.go): "" on day 0
	return `"` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`
}

// lazyBody is a page body rendered on first use.
type lazyBody struct {
	render func() []byte
	r      *bytes.Reader
}

func (b *lazyBody) reader() *bytes.Reader {
	if b.r == nil {
		b.r = bytes.NewReader(b.render())
	}
	return b.r
}

func (b *lazyBody) Read(p []byte) (int, error) { return b.reader().Read(p) }

func (b *lazyBody) Seek(off int64, whence int) (int64, error) {
	return b.reader().Seek(off, whence)
}

// idParam parses a listing ID and reports whether it is one of the shop's.
func (s *Shop) idParam(v string) (int, bool) {
	id, ok := parsePositive(v)
	return id, ok && s.valid(id)
}

func (s *Shop) serveList(w http.ResponseWriter, r *http.Request) {
	page := r.URL.Query().Get("page")
	if page == "" {
		page = "1"
	}
	k, ok := parsePositive(page)
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, ok := s.renderList(k)
	if !ok {
		http.NotFound(w, r)
		return
	}
	writeBody(w, "text/html; charset=utf-8", body)
}

func (s *Shop) serveSitemap(w http.ResponseWriter, r *http.Request) {
	name, pre := strings.CutPrefix(r.PathValue("file"), "sitemap-")
	name, suf := strings.CutSuffix(name, ".xml")
	if !pre || !suf {
		http.NotFound(w, r)
		return
	}
	k, ok := parsePositive(name)
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, ok := s.renderSitemap(baseURL(r), k)
	if !ok {
		http.NotFound(w, r)
		return
	}
	writeBody(w, "application/xml; charset=utf-8", body)
}

func (s *Shop) serveItem(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".html")
	id, valid := s.idParam(name)
	if !ok || !valid || s.variant(id).layout != layoutJSONLD {
		http.NotFound(w, r)
		return
	}
	s.serveCached(w, r, "text/html; charset=utf-8", r.URL.Path, func() []byte { return s.gen(id).renderJSONLD() })
}

func (s *Shop) serveDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(r.URL.Query().Get("id"))
	if !ok || s.variant(id).layout != layoutLegacy {
		http.NotFound(w, r)
		return
	}
	s.serveCached(w, r, s.variant(id).cs.contentType(), "/detail.htm?id="+itemID(id), func() []byte {
		p := s.gen(id).renderLegacy()
		w.Header().Set("Content-Type", p.contentType) // UTF-8 if the charset fell back
		return p.body
	})
}

func (s *Shop) serveFreight(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".json")
	if !ok {
		http.NotFound(w, r)
		return
	}
	t, ok := s.lookup(id)
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.serveCached(w, r, "application/json", r.URL.Path, t.json)
}

func (s *Shop) serveImage(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".png")
	idText, nText, dash := strings.Cut(name, "-")
	id, valid := s.idParam(idText)
	n, nOK := parsePositive(nText)
	if !ok || !dash || !valid || !nOK || n > len(s.gen(id).images) {
		http.NotFound(w, r)
		return
	}
	s.serveCached(w, r, "image/png", r.URL.Path, func() []byte { return s.renderImage(id, n) })
}

// Server is a demo shop listening on a loopback port.
type Server struct {
	// URL is the base URL, e.g. "http://127.0.0.1:41234".
	URL  string
	srv  *http.Server
	done chan error
}

// Serve listens on addr (host:port; an empty host means 127.0.0.1, port 0
// a free port) and serves shop in the background until ctx is done, then
// shuts down gracefully. It returns once the listener is open.
func Serve(ctx context.Context, addr string, shop *Shop) (*Server, error) {
	return serve(ctx, addr, shop.Handler())
}

// serve is Serve for any handler (ServeFaults passes the faulty one).
func serve(ctx context.Context, addr string, h http.Handler) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if strings.HasPrefix(addr, ":") {
		addr = "127.0.0.1" + addr
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	s := &Server{URL: "http://" + ln.Addr().String(), srv: srv, done: make(chan error, 1)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	go func() {
		var err error
		select {
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			err = srv.Shutdown(sctx)
			cancel()
			if serr := <-served; !errors.Is(serr, http.ErrServerClosed) && err == nil {
				err = serr
			}
		case err = <-served:
		}
		s.done <- err
	}()
	return s, nil
}

// Wait blocks until the server has stopped and returns why: nil after a
// shutdown because ctx was done, else the serve error.
func (s *Server) Wait() error {
	err := <-s.done
	s.done <- err // let Wait be called again
	return err
}
