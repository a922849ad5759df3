package blockcheck

import (
	"reflect"
	"testing"
)

func TestMrkdwnTexts(t *testing.T) {
	got, err := MrkdwnTexts([]byte(`[
	 {"type":"header","text":{"type":"plain_text","text":"plain"}},
	 {"type":"section","text":{"type":"mrkdwn","text":"a"},"fields":[{"type":"mrkdwn","text":"b"},{"type":"plain_text","text":"p"}]},
	 {"type":"context","elements":[{"type":"mrkdwn","text":"c"}]}]`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("MrkdwnTexts = %v, want %v", got, want)
	}
	if _, err := MrkdwnTexts([]byte(`{`)); err == nil {
		t.Error("want error for bad JSON")
	}
}
