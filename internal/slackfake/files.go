package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/rapport-bot/rapport/internal/blockcheck"
)

// maxUpload bounds what the fake keeps in memory per file.
const maxUpload = 32 << 20

// filesGetUploadURLExternal is step one of Slack's upload flow: reserve a file ID and
// hand out a URL to POST the bytes to.
func (s *Server) filesGetUploadURLExternal(req *apiRequest) (map[string]any, error) {
	name := req.str("filename")
	length, err := strconv.Atoi(req.str("length"))
	if name == "" || err != nil || length <= 0 {
		return nil, apiFail("invalid_arguments")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &File{ID: s.newIDLocked("F"), Name: name}
	s.files[f.ID] = f
	s.fileOrder = append(s.fileOrder, f.ID)
	return map[string]any{"upload_url": s.http.URL + "/upload/" + f.ID, "file_id": f.ID}, nil
}

// handleUpload is step two: the bytes, as a multipart form (slack-go sends field
// "file") or as a raw body.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	s.mu.Lock()
	_, ok := s.files[id]
	s.mu.Unlock()
	if !ok || r.Method != http.MethodPost {
		http.Error(w, "no such upload", http.StatusNotFound)
		return
	}
	data, err := readUpload(w, r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.files[id].Bytes = data
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintf(w, "OK - %d", len(data))
}

func readUpload(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body := http.MaxBytesReader(w, r.Body, maxUpload)
	ctype, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if !strings.HasPrefix(ctype, "multipart/") {
		return io.ReadAll(body)
	}
	mr := multipart.NewReader(body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, fmt.Errorf("multipart upload without a file part: %w", err)
		}
		if part.FormName() == "file" || part.FileName() != "" {
			return io.ReadAll(part)
		}
	}
}

// filesCompleteUploadExternal is step three: name the files and share them.
func (s *Server) filesCompleteUploadExternal(req *apiRequest) (map[string]any, error) {
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal(req.rawJSON("files"), &files); err != nil || len(files) == 0 {
		return nil, apiFail("invalid_arguments")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	channel := req.str("channel_id")
	if channel == "" {
		channel, _, _ = strings.Cut(req.str("channels"), ",")
	}
	var t target
	if channel != "" {
		var err error
		if t, err = s.resolvePostTargetLocked(channel, false); err != nil {
			return nil, err
		}
	}
	comment, blocks := req.str("initial_comment"), compactJSON(req.rawJSON("blocks"))
	if err := blockcheck.ValidateMessageText(comment); err != nil {
		return nil, s.validationErrorLocked(req.method, err, nil)
	}
	if len(blocks) > 0 {
		if err := blockcheck.ValidateMessageBlocks(blocks); err != nil {
			return nil, s.validationErrorLocked(req.method, err, blocks)
		}
	}
	out := make([]map[string]any, 0, len(files))
	ids := make([]string, 0, len(files))
	for _, fs := range files {
		f, ok := s.files[fs.ID]
		if !ok || f.Bytes == nil {
			return nil, apiFail("file_not_found")
		}
		f.Title, f.Channel = fs.Title, t.channel
		ids = append(ids, f.ID)
		out = append(out, map[string]any{"id": f.ID, "title": f.Title})
	}
	if t.channel != "" {
		m := Message{Kind: KindFile, Channel: t.channel, User: t.dmUser, TS: s.nextTSLocked(), ThreadTS: req.str("thread_ts"),
			Text: comment, Blocks: blocks, FileIDs: ids}
		s.storeLocked(m, false)
		s.recordLocked(m)
	}
	return map[string]any{"files": out}, nil
}
