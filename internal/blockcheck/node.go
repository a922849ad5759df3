package blockcheck

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// pointer is an RFC 6901 JSON pointer under construction.
type pointer string

func (p pointer) key(k string) pointer {
	k = strings.ReplaceAll(k, "~", "~0")
	k = strings.ReplaceAll(k, "/", "~1")
	return p + "/" + pointer(k)
}

func (p pointer) index(i int) pointer { return p + "/" + pointer(strconv.Itoa(i)) }

// object is one decoded JSON object together with where it sits, so every check can
// name the exact field it refuses.
type object struct {
	at     pointer
	fields map[string]any
	code   string
}

func (o object) fail(at pointer, format string, args ...any) error {
	return &Error{Code: o.code, Reason: fmt.Sprintf(format, args...), Pointer: string(at)}
}

// asObject decodes v as an object; JSON null counts as absent for optional values, so
// callers check presence first.
func asObject(code string, at pointer, v any) (object, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return object{}, &Error{Code: code, Reason: "must provide an object", Pointer: string(at)}
	}
	return object{at: at, fields: m, code: code}, nil
}

func asArray(code string, at pointer, v any) ([]any, error) {
	a, ok := v.([]any)
	if !ok {
		return nil, &Error{Code: code, Reason: "must provide an array", Pointer: string(at)}
	}
	return a, nil
}

// has reports whether the field is present and not null.
func (o object) has(key string) bool {
	v, ok := o.fields[key]
	return ok && v != nil
}

// only refuses fields outside allowed, in sorted order so the first complaint is stable.
func (o object) only(allowed ...string) error {
	keys := make([]string, 0, len(o.fields))
	for k := range o.fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			return o.fail(o.at.key(k), "invalid additional property: %s", k)
		}
	}
	return nil
}

// str returns an optional string field, refusing other types and overlong values.
// max <= 0 means no length limit.
func (o object) str(key string, max int) (string, bool, error) {
	if !o.has(key) {
		return "", false, nil
	}
	s, ok := o.fields[key].(string)
	if !ok {
		return "", false, o.fail(o.at.key(key), "must provide a string")
	}
	if max > 0 && utf8.RuneCountInString(s) > max {
		return "", false, o.fail(o.at.key(key), "must be less than %d characters", max+1)
	}
	return s, true, nil
}

// requiredStr is str for fields Slack insists on; empty strings count as missing
// content ("must be more than 0 characters").
func (o object) requiredStr(key string, max int) (string, error) {
	s, ok, err := o.str(key, max)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", o.fail(o.at.key(key), "missing required field: %s", key)
	}
	if s == "" {
		return "", o.fail(o.at.key(key), "must be more than 0 characters")
	}
	return s, nil
}

func (o object) boolean(key string) error {
	if !o.has(key) {
		return nil
	}
	if _, ok := o.fields[key].(bool); !ok {
		return o.fail(o.at.key(key), "must provide a boolean")
	}
	return nil
}

func (o object) number(key string) (float64, bool, error) {
	if !o.has(key) {
		return 0, false, nil
	}
	n, ok := o.fields[key].(float64)
	if !ok {
		return 0, false, o.fail(o.at.key(key), "must provide a number")
	}
	return n, true, nil
}

func (o object) child(key string) (object, error) {
	return asObject(o.code, o.at.key(key), o.fields[key])
}

// array returns a required array field with between min and max items (max <= 0: any).
func (o object) array(key string, min, max int) ([]any, error) {
	if !o.has(key) {
		return nil, o.fail(o.at.key(key), "missing required field: %s", key)
	}
	a, err := asArray(o.code, o.at.key(key), o.fields[key])
	if err != nil {
		return nil, err
	}
	if len(a) < min {
		return nil, o.fail(o.at.key(key), "must provide at least %d items", min)
	}
	if max > 0 && len(a) > max {
		return nil, o.fail(o.at.key(key), "no more than %d items allowed", max)
	}
	return a, nil
}

// oneOf checks an optional string field against an enumeration.
func (o object) oneOf(key string, values ...string) error {
	s, ok, err := o.str(key, 0)
	if err != nil || !ok {
		return err
	}
	if !slices.Contains(values, s) {
		return o.fail(o.at.key(key), "must be one of: %s", strings.Join(values, ", "))
	}
	return nil
}
