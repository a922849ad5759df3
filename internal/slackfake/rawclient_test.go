package slackfake

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// rawClient is a hand-driven Socket Mode connection for what slack-go will not do,
// such as sending an oversized ack.
type rawClient struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialRaw(t *testing.T, fake *Server) *rawClient {
	t.Helper()
	_, url, err := botAPI(fake).StartSocketModeContext(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	// Dial the way slack-go does, Origin included.
	ws, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"Origin": {"https://api.slack.com"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	t.Cleanup(func() { ws.Close() })
	return &rawClient{t: t, ws: ws}
}

func (c *rawClient) read() map[string]any {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var m map[string]any
	if err := c.ws.ReadJSON(&m); err != nil {
		c.t.Fatal(err)
	}
	return m
}

func TestHelloAndTicketsLikeSlack(t *testing.T) {
	fake := newFake(t)
	c := dialRaw(t, fake)
	hello := c.read()
	if hello["type"] != "hello" || hello["num_connections"] != 1.0 ||
		hello["connection_info"].(map[string]any)["app_id"] != AppID {
		t.Errorf("hello = %v", hello)
	}
	_, url, err := botAPI(fake).StartSocketModeContext(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(url, "ws://127.0.0.1:") || !strings.Contains(url, "/link/?ticket=") {
		t.Errorf("url = %s", url)
	}
	ws, resp, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ws.Close()
	if _, resp, err = websocket.DefaultDialer.Dial(url, nil); err == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a ticket must work once: err %v", err)
	}
	if resp != nil {
		resp.Body.Close()
	}
}

func TestPingsArrive(t *testing.T) {
	fake := newFake(t, WithPingInterval(20*time.Millisecond))
	c := dialRaw(t, fake)
	pinged := make(chan struct{}, 1)
	c.ws.SetPingHandler(func(string) error {
		select {
		case pinged <- struct{}{}:
		default:
		}
		return nil
	})
	go func() {
		for {
			if _, _, err := c.ws.ReadMessage(); err != nil {
				return
			}
		}
	}()
	select {
	case <-pinged:
	case <-time.After(2 * time.Second):
		t.Fatal("no websocket ping from the fake")
	}
}

func TestOversizedAckCountsAsNotAcked(t *testing.T) {
	fake := newFake(t)
	c := dialRaw(t, fake)
	c.read() // hello
	done := make(chan error, 1)
	go func() {
		_, err := fake.SlashCommand(ctxT(t), SlashCommand{User: alice.ID, Channel: general.ID, Command: "/influencer", Text: "big"})
		done <- err
	}()
	env := c.read()
	ack, _ := json.Marshal(map[string]any{"envelope_id": env["envelope_id"], "payload": map[string]any{"text": strings.Repeat("x", 21*1024)}})
	if err := c.ws.WriteMessage(websocket.TextMessage, ack); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrNotAcked) {
		t.Fatalf("err = %v, want ErrNotAcked", err)
	}
	acks := fake.Acks()
	if len(acks) != 1 || !acks[0].Rejected || acks[0].Size < 20*1024 {
		t.Errorf("acks = %+v", acks)
	}
	if r := fake.Rejections(); len(r) != 1 || r[0].Code != "ack_too_large" {
		t.Errorf("rejections = %+v", r)
	}
	if msgs := fake.Messages(); len(msgs) != 0 {
		t.Errorf("a refused ack must not produce a response: %+v", msgs)
	}
}

func TestLateDuplicateAndUnknownAcks(t *testing.T) {
	fake := newFake(t, WithAckTimeout(100*time.Millisecond))
	c := dialRaw(t, fake)
	c.read() // hello
	done := make(chan error, 1)
	go func() {
		_, err := fake.SendEvent(ctxT(t), map[string]any{"type": "app_home_opened", "user": alice.ID})
		done <- err
	}()
	env := c.read()
	if err := <-done; !errors.Is(err, ErrNotAcked) {
		t.Fatalf("err = %v", err)
	}
	for _, id := range []any{env["envelope_id"], env["envelope_id"], "env-nope"} {
		if err := c.ws.WriteJSON(map[string]any{"envelope_id": id}); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(fake.Acks()) < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	acks := fake.Acks()
	if len(acks) != 3 || !acks[0].Late || !acks[1].Duplicate || !acks[2].Unknown {
		t.Errorf("acks = %+v", acks)
	}
}
