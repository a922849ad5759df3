package demo

import (
	"strings"
	"testing"
)

func TestRenderBlocksAsText(t *testing.T) {
	r := &renderer{names: func(id string) string { return map[string]string{"U1": "priya"}[id] }}
	var sb strings.Builder
	r.render(&sb, []byte(`[
	 {"type":"header","text":{"type":"plain_text","text":"Ava"}},
	 {"type":"section","block_id":"f","fields":[{"type":"mrkdwn","text":"*Owner*\n<@U1>"}]},
	 {"type":"section","block_id":"row","text":{"type":"mrkdwn","text":"*Bold* &amp; &lt;x&gt; _why_ <https://e.example|site> <!here>"},
	  "accessory":{"type":"button","action_id":"a1","value":"v1","text":{"type":"plain_text","text":"Profile"}}},
	 {"type":"actions","block_id":"acts","elements":[{"type":"button","action_id":"a2","value":"v2","text":{"type":"plain_text","text":"More"}}]},
	 {"type":"context","elements":[{"type":"mrkdwn","text":"legend"}]},
	 {"type":"input","block_id":"who","label":{"type":"plain_text","text":"Who"},"optional":true,"element":{"type":"plain_text_input","action_id":"who"}},
	 {"type":"input","block_id":"kind","label":{"type":"plain_text","text":"Kind"},"element":{"type":"static_select","action_id":"kind"}},
	 {"type":"divider"}]`))
	out := sb.String()
	for _, want := range []string{"══ Ava ══", "Owner:", "@priya", "Bold & <x> why site (https://e.example) @here", "[1] Profile", "[2] More", "░ legend", "Who (optional): ____", "Kind: ____", "────"} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered text lacks %q:\n%s", want, out)
		}
	}
	if len(r.buttons) != 2 || r.buttons[0].ActionID != "a1" || r.buttons[0].BlockID != "row" || r.buttons[1].Value != "v2" {
		t.Errorf("buttons = %+v", r.buttons)
	}
}
