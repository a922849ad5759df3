package slackfake

import (
	"fmt"
	"time"
)

// newIDLocked returns a workspace-unique ID such as "V000012"; mu must be held. IDs
// are sequential rather than random so failing tests print the same thing twice.
func (s *Server) newIDLocked(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%06d", prefix, s.seq)
}

// nextTSLocked returns a message timestamp in Slack's "seconds.micros" form, strictly
// increasing so that (channel, ts) identifies a message as it does in Slack.
func (s *Server) nextTSLocked() string {
	us := time.Now().UnixMicro()
	if us <= s.lastTS {
		us = s.lastTS + 1
	}
	s.lastTS = us
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}

// trigger is a trigger_id handed out with an interaction; views.open and views.push
// accept it once, within the trigger TTL, as Slack does.
type trigger struct {
	user    string
	created time.Time
	used    bool
}

func (s *Server) newTriggerLocked(user string) string {
	if len(s.triggers) > 1000 { // a long demo session: forget the expired ones
		for id, t := range s.triggers {
			if time.Since(t.created) > s.cfg.triggerTTL {
				delete(s.triggers, id)
			}
		}
	}
	s.seq++
	id := fmt.Sprintf("%d.%d.fake%06d", time.Now().Unix(), s.seq, s.seq)
	s.triggers[id] = &trigger{user: user, created: time.Now()}
	return id
}

// useTriggerLocked consumes a trigger and returns its user, or a Slack error code.
func (s *Server) useTriggerLocked(id string) (string, error) {
	t, ok := s.triggers[id]
	switch {
	case !ok:
		return "", apiFail("invalid_trigger_id")
	case t.used:
		return "", apiFail("trigger_exchanged")
	case time.Since(t.created) > s.cfg.triggerTTL:
		return "", apiFail("expired_trigger_id")
	}
	t.used = true
	return t.user, nil
}
