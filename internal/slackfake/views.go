package slackfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/rapport-bot/rapport/internal/blockcheck"
)

// maxModalStack is how many modals Slack lets one stack hold (views.push beyond it
// fails with push_limit_reached).
const maxModalStack = 3

// checkViewLocked validates a view payload for a method that wants kind ("modal" or
// "home"), recording a refusal like any other invalid payload.
func (s *Server) checkViewLocked(method string, raw json.RawMessage, kind string) (map[string]any, error) {
	if err := blockcheck.ValidateViewJSON(raw); err != nil {
		return nil, s.validationErrorLocked(method, err, raw)
	}
	var view map[string]any
	if err := json.Unmarshal(raw, &view); err != nil {
		return nil, s.validationErrorLocked(method, &blockcheck.Error{Code: blockcheck.CodeInvalidArguments, Reason: "must provide an object", Pointer: "/view"}, raw)
	}
	if view["type"] != kind {
		return nil, s.validationErrorLocked(method, &blockcheck.Error{
			Code: blockcheck.CodeInvalidArguments, Reason: fmt.Sprintf("must be %q for %s", kind, method), Pointer: "/view/type",
		}, raw)
	}
	return view, nil
}

// viewJSON is the view as Slack returns it: the app's fields plus id, hash, state and
// the rest, with block IDs filled in.
func viewJSON(v *View, fields map[string]any, state map[string]any) json.RawMessage {
	out := maps.Clone(fields)
	for _, k := range []string{"private_metadata", "callback_id", "external_id"} {
		if _, ok := out[k]; !ok {
			out[k] = ""
		}
	}
	if blocks, err := json.Marshal(fields["blocks"]); err == nil {
		out["blocks"] = fillBlockIDs(blocks)
	}
	if state == nil {
		state = map[string]any{"values": map[string]any{}}
	}
	prev := any(nil)
	if v.RootID != v.ID {
		prev = v.RootID
	}
	maps.Copy(out, map[string]any{
		"id": v.ID, "team_id": TeamID, "state": state, "hash": v.Hash,
		"root_view_id": v.RootID, "previous_view_id": prev, "app_id": AppID,
		"bot_id": BotID, "app_installed_team_id": TeamID,
	})
	raw, err := json.Marshal(out)
	if err != nil {
		return nil
	}
	return raw
}

// putViewLocked stores a new version of v built from fields and records it.
func (s *Server) putViewLocked(v *View, fields map[string]any) {
	v.Hash = fmt.Sprintf("%d.%s", time.Now().Unix(), s.newIDLocked("h"))
	v.CallbackID, _ = fields["callback_id"].(string)
	v.ExternalID, _ = fields["external_id"].(string)
	v.Version++
	v.JSON = viewJSON(v, fields, nil)
	if _, ok := s.views[v.ID]; !ok {
		s.views[v.ID] = v
		s.viewOrder = append(s.viewOrder, v.ID)
	}
	s.recordViewLocked(v)
}

func (s *Server) newViewLocked(kind, user, rootID string, fields map[string]any) *View {
	v := &View{ID: s.newIDLocked("V"), Kind: kind, User: user}
	v.RootID = rootID
	if rootID == "" {
		v.RootID = v.ID
	}
	s.putViewLocked(v, fields)
	return v
}

func (s *Server) viewsOpen(req *apiRequest) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fields, err := s.checkViewLocked(req.method, compactJSON(req.rawJSON("view")), "modal")
	if err != nil {
		return nil, err
	}
	user, err := s.useTriggerLocked(req.str("trigger_id"))
	if err != nil {
		return nil, err
	}
	v := s.newViewLocked("modal", user, "", fields)
	return map[string]any{"view": v.JSON}, nil
}

// viewsPush stacks a modal on the user's open one.
func (s *Server) viewsPush(req *apiRequest) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fields, err := s.checkViewLocked(req.method, compactJSON(req.rawJSON("view")), "modal")
	if err != nil {
		return nil, err
	}
	user, err := s.useTriggerLocked(req.str("trigger_id"))
	if err != nil {
		return nil, err
	}
	top := s.topModalLocked(user)
	if top == nil {
		v := s.newViewLocked("modal", user, "", fields)
		return map[string]any{"view": v.JSON}, nil
	}
	if s.stackDepthLocked(top.RootID) >= maxModalStack {
		return nil, apiFail("push_limit_reached")
	}
	v := s.newViewLocked("modal", user, top.RootID, fields)
	return map[string]any{"view": v.JSON}, nil
}

func (s *Server) topModalLocked(user string) *View {
	for i := len(s.viewOrder) - 1; i >= 0; i-- {
		if v := s.views[s.viewOrder[i]]; v.Kind == "modal" && v.User == user && !v.Closed {
			return v
		}
	}
	return nil
}

func (s *Server) stackDepthLocked(rootID string) int {
	n := 0
	for _, v := range s.views {
		if v.RootID == rootID && !v.Closed {
			n++
		}
	}
	return n
}

// viewsPublish sets a user's App Home; there is one home view per user, updated in
// place.
func (s *Server) viewsPublish(req *apiRequest) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fields, err := s.checkViewLocked(req.method, compactJSON(req.rawJSON("view")), "home")
	if err != nil {
		return nil, err
	}
	userID := req.str("user_id")
	if _, ok := s.users[userID]; !ok {
		return nil, apiFail("user_not_found")
	}
	if home := s.homeLocked(userID); home != nil {
		if h := req.str("hash"); h != "" && h != home.Hash {
			return nil, apiFail("hash_conflict")
		}
		s.putViewLocked(home, fields)
		return map[string]any{"view": home.JSON}, nil
	}
	v := s.newViewLocked("home", userID, "", fields)
	return map[string]any{"view": v.JSON}, nil
}

func (s *Server) homeLocked(user string) *View {
	for _, id := range s.viewOrder {
		if v := s.views[id]; v.Kind == "home" && v.User == user {
			return v
		}
	}
	return nil
}

// HomeView returns the App Home view published for user.
func (s *Server) HomeView(user string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v := s.homeLocked(user); v != nil {
		return *v, true
	}
	return View{}, false
}

func (s *Server) viewsUpdate(req *apiRequest) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.views[req.str("view_id")]
	if ext := req.str("external_id"); v == nil && ext != "" {
		for _, id := range s.viewOrder {
			if c := s.views[id]; c.ExternalID == ext && !c.Closed {
				v = c
			}
		}
	}
	if v == nil || v.Closed {
		return nil, apiFail("not_found")
	}
	fields, err := s.checkViewLocked(req.method, compactJSON(req.rawJSON("view")), v.Kind)
	if err != nil {
		return nil, err
	}
	if h := req.str("hash"); h != "" && h != v.Hash {
		return nil, apiFail("hash_conflict")
	}
	s.putViewLocked(v, fields)
	return map[string]any{"view": v.JSON}, nil
}

// closeViewLocked closes a modal, or its whole stack when all is set.
func (s *Server) closeViewLocked(v *View, all bool) {
	for _, id := range s.viewOrder {
		c := s.views[id]
		if c.Closed || (c != v && !(all && c.RootID == v.RootID)) {
			continue
		}
		c.Closed = true
		s.recordViewLocked(c)
	}
}

// viewFields decodes a stored view's JSON back into fields.
func viewFields(v *View) (map[string]any, error) {
	var fields map[string]any
	if err := json.Unmarshal(v.JSON, &fields); err != nil {
		return nil, errors.New("stored view is not an object")
	}
	return fields, nil
}
