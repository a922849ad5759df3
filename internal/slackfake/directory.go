package slackfake

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// SetUser adds or replaces a user at run time (a changed time zone, a deactivation).
func (s *Server) SetUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// SetChannel adds or replaces a channel at run time.
func (s *Server) SetChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[c.ID] = c
}

// dmChannelID is the bot's DM channel with a user: deterministic, so tests can name it.
func dmChannelID(userID string) string {
	return "D" + strings.TrimPrefix(userID, "U")
}

// DMChannel returns the ID of the bot's DM channel with userID (whether or not it has
// been opened yet).
func (s *Server) DMChannel(userID string) string { return dmChannelID(userID) }

// target is where a message goes.
type target struct {
	channel string
	name    string
	dmUser  string
}

// resolvePostTargetLocked resolves a chat.* channel argument: a channel, a DM channel,
// or (for chat.postMessage only, as in Slack) a user ID meaning the DM with that user.
func (s *Server) resolvePostTargetLocked(id string, allowUserID bool) (target, error) {
	if user, ok := s.dms[id]; ok {
		if s.users[user].Deleted {
			return target{}, apiFail("is_archived")
		}
		return target{channel: id, name: "directmessage", dmUser: user}, nil
	}
	if c, ok := s.channels[id]; ok {
		if c.IsPrivate && !slices.Contains(c.Members, BotUserID) {
			return target{}, apiFail("not_in_channel")
		}
		name := c.Name
		if c.IsPrivate {
			name = "privategroup"
		}
		return target{channel: id, name: name}, nil
	}
	if u, ok := s.users[id]; ok && allowUserID && !u.IsBot {
		if u.Deleted {
			return target{}, apiFail("user_disabled")
		}
		ch := dmChannelID(id)
		s.dms[ch] = id
		return target{channel: ch, name: "directmessage", dmUser: id}, nil
	}
	return target{}, apiFail("channel_not_found")
}

// channelNameLocked names a channel for interaction payloads.
func (s *Server) channelNameLocked(id string) string {
	if _, ok := s.dms[id]; ok {
		return "directmessage"
	}
	if c, ok := s.channels[id]; ok {
		if c.IsPrivate {
			return "privategroup"
		}
		return c.Name
	}
	return ""
}

func (s *Server) authTest(*apiRequest) (map[string]any, error) {
	return map[string]any{
		"url":     "https://" + TeamDomain + ".slack.com/",
		"team":    "Fake Workspace",
		"user":    "rapport",
		"team_id": TeamID,
		"user_id": BotUserID,
		"bot_id":  BotID,
	}, nil
}

func (s *Server) appsConnectionsOpen(*apiRequest) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.linkDisabled {
		return nil, apiFail("link_disabled")
	}
	ticket := s.newIDLocked("ticket-")
	s.tickets[ticket] = true
	return map[string]any{"url": fmt.Sprintf("%s/link/?ticket=%s&app_id=%s", s.wsURL(), ticket, AppID)}, nil
}

func (s *Server) usersInfo(req *apiRequest) (map[string]any, error) {
	s.mu.Lock()
	u, ok := s.users[req.str("user")]
	s.mu.Unlock()
	if !ok {
		return nil, apiFail("user_not_found")
	}
	return map[string]any{"user": userJSON(u)}, nil
}

// userJSON is a users.info user object. tz_offset and tz_label follow TZ when the
// fixture does not pin an offset, so DST is whatever it is today, as in Slack.
func userJSON(u User) map[string]any {
	offset, label := u.TZOffset, ""
	if loc, err := time.LoadLocation(u.TZ); err == nil && u.TZ != "" {
		name, off := time.Now().In(loc).Zone()
		label = name
		if offset == 0 {
			offset = off
		}
	}
	return map[string]any{
		"id":        u.ID,
		"team_id":   TeamID,
		"name":      u.Name,
		"real_name": u.RealName,
		"deleted":   u.Deleted,
		"tz":        u.TZ,
		"tz_label":  label,
		"tz_offset": offset,
		"is_bot":    u.IsBot,
		"profile": map[string]any{
			"real_name":    u.RealName,
			"display_name": u.Name,
			"team":         TeamID,
		},
	}
}

// userRef is the user object of interaction payloads.
func userRef(u User) map[string]any {
	return map[string]any{"id": u.ID, "username": u.Name, "name": u.Name, "team_id": TeamID}
}

func teamRef() map[string]any { return map[string]any{"id": TeamID, "domain": TeamDomain} }

func (s *Server) conversationsOpen(req *apiRequest) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := req.str("channel"); ch != "" {
		if _, ok := s.dms[ch]; !ok {
			return nil, apiFail("channel_not_found")
		}
		return map[string]any{"channel": map[string]any{"id": ch}, "already_open": true, "no_op": true}, nil
	}
	users := strings.Split(req.str("users"), ",")
	switch {
	case users[0] == "":
		return nil, apiFail("users_list_not_supplied")
	case len(users) > 1:
		// Group DMs are outside what Rapport does; the fake says so plainly.
		return nil, apiFail("not_supported_by_fake")
	}
	u, ok := s.users[users[0]]
	switch {
	case !ok:
		return nil, apiFail("user_not_found")
	case u.Deleted:
		return nil, apiFail("user_disabled")
	case u.IsBot:
		return nil, apiFail("cannot_dm_bot")
	}
	ch := dmChannelID(u.ID)
	_, already := s.dms[ch]
	s.dms[ch] = u.ID
	return map[string]any{
		"channel":      map[string]any{"id": ch, "is_im": true, "user": u.ID, "is_open": true},
		"already_open": already,
		"no_op":        already,
	}, nil
}

// conversationsInfo answers conversations.info for a channel the bot can see: a public
// one, or a private one it is a member of (Slack says channel_not_found otherwise).
func (s *Server) conversationsInfo(req *apiRequest) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := req.str("channel")
	if id == "" {
		return nil, apiFail("channel_not_found")
	}
	if user, ok := s.dms[id]; ok {
		return map[string]any{"channel": map[string]any{"id": id, "is_im": true, "user": user}}, nil
	}
	c, ok := s.channels[id]
	if !ok || (c.IsPrivate && !slices.Contains(c.Members, BotUserID)) {
		return nil, apiFail("channel_not_found")
	}
	return map[string]any{"channel": map[string]any{
		"id": c.ID, "name": c.Name, "is_channel": !c.IsPrivate, "is_group": c.IsPrivate,
		"is_private": c.IsPrivate, "is_member": c.Members == nil || slices.Contains(c.Members, BotUserID),
	}}, nil
}

// conversationsMembers answers conversations.members with cursor pagination, as Slack
// does (limit default 100, at most 1000). A channel without a member list (Members nil,
// "everyone") lists every user.
func (s *Server) conversationsMembers(req *apiRequest) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channels[req.str("channel")]
	if !ok || (c.IsPrivate && !slices.Contains(c.Members, BotUserID)) {
		return nil, apiFail("channel_not_found")
	}
	members := c.Members
	if members == nil {
		for id := range s.users {
			members = append(members, id)
		}
		slices.Sort(members)
	}
	limit := 100
	if l := req.str("limit"); l != "" {
		if _, err := fmt.Sscan(l, &limit); err != nil || limit <= 0 {
			return nil, apiFail("invalid_limit")
		}
	}
	limit = min(limit, 1000)
	start := 0
	if cur := req.str("cursor"); cur != "" {
		if _, err := fmt.Sscanf(cur, "members:%d", &start); err != nil || start < 0 || start > len(members) {
			return nil, apiFail("invalid_cursor")
		}
	}
	end := min(start+limit, len(members))
	next := ""
	if end < len(members) {
		next = fmt.Sprintf("members:%d", end)
	}
	return map[string]any{"members": slices.Clone(members[start:end]), "response_metadata": map[string]any{"next_cursor": next}}, nil
}
