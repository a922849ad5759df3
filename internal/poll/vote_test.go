package poll

import (
	"errors"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	long := strings.Repeat("é", MaxNoteRunes)
	tests := []struct {
		name string
		vote Vote
		want error
	}{
		{"go without a note", Vote{User: "U1", Choice: Go}, nil},
		{"go with a note", Vote{User: "U1", Choice: Go, Note: "looks good"}, nil},
		{"conditional go with its conditions", Vote{User: "U1", Choice: ConditionalGo, Note: "if legal signs off"}, nil},
		{"conditional go without a note", Vote{User: "U1", Choice: ConditionalGo}, ErrNoteRequired},
		{"conditional go with only spaces", Vote{User: "U1", Choice: ConditionalGo, Note: " \n\t "}, ErrNoteRequired},
		{"no-go with a reason", Vote{User: "U1", Choice: NoGo, Note: "the storm"}, nil},
		{"no-go without a reason", Vote{User: "U1", Choice: NoGo}, ErrReasonRequired},
		{"note of exactly the limit in multibyte characters", Vote{User: "U1", Choice: NoGo, Note: long}, nil},
		{"note one character over", Vote{User: "U1", Choice: NoGo, Note: long + "x"}, ErrNoteTooLong},
		{"surrounding spaces do not count towards the limit", Vote{User: "U1", Choice: NoGo, Note: "  " + long + "  "}, nil},
		{"no voter", Vote{Choice: Go}, ErrNoVoter},
		{"blank voter", Vote{User: "  ", Choice: Go}, ErrNoVoter},
		{"unknown choice", Vote{User: "U1", Choice: "maybe"}, ErrUnknownChoice},
		{"empty choice", Vote{User: "U1"}, ErrUnknownChoice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.vote)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Validate = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestValidateErrorsReadAsSentences(t *testing.T) {
	err := Validate(Vote{User: "U1", Choice: NoGo, Note: strings.Repeat("x", 1204)})
	if got, want := err.Error(), "the note is too long: 1204 characters, keep it within 1000"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
	if got := Validate(Vote{User: "U1", Choice: ConditionalGo}).Error(); !strings.Contains(got, "conditions") {
		t.Errorf("conditional go error %q does not say what is missing", got)
	}
}

func TestParseChoice(t *testing.T) {
	for in, want := range map[string]Choice{"go": Go, " GO ": Go, "conditional_go": ConditionalGo, "no_go": NoGo} {
		if got, err := parseChoice(in); err != nil || got != want {
			t.Errorf("parseChoice(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "yes", "nogo", "no-go "} {
		if _, err := parseChoice(in); !errors.Is(err, ErrUnknownChoice) {
			t.Errorf("parseChoice(%q) error = %v, want ErrUnknownChoice", in, err)
		}
	}
}

func TestChoiceLabels(t *testing.T) {
	var got []string
	for _, c := range Choices {
		got = append(got, c.Label())
	}
	if want := []string{"Go", "Conditional go", "No-go"}; !sameStrings(got, want) {
		t.Errorf("labels = %q, want %q", got, want)
	}
}
