package reactions

import "unicode/utf8"

// Code points of the UTS #51 grammar.
const (
	zwj         = 0x200D
	vs16        = 0xFE0F // emoji presentation selector
	keycap      = 0x20E3
	tagCancel   = 0xE007F
	tagFirst    = 0xE0020
	tagLast     = 0xE007E
	riFirst     = 0x1F1E6 // regional indicator A
	riLast      = 0x1F1FF
	modFirst    = 0x1F3FB // skin tone modifiers
	modLast     = 0x1F3FF
	maxElements = 10 // the longest RGI ZWJ sequences join four; leave room
)

// Valid reports whether s is a single emoji for §4: one "possible emoji"
// of UTS #51 (its EBNF: zwj_element (ZWJ zwj_element)*, where
// an element is a flag of two regional indicators, or an emoji with an
// optional skin tone, presentation selector and keycap, or tag sequence),
// at most MaxEmojiBytes long. Digits, '#' and '*' count only as keycaps.
func Valid(s string) bool {
	if s == "" || len(s) > MaxEmojiBytes || !utf8.ValidString(s) {
		return false
	}
	for elements := 1; ; elements++ {
		if elements > maxElements {
			return false
		}
		var ok bool
		if s, ok = element(s); !ok {
			return false
		}
		if s == "" {
			return true
		}
		r, n := utf8.DecodeRuneInString(s)
		if r != zwj {
			return false
		}
		s = s[n:]
	}
}

// element consumes one zwj_element from the front of s.
func element(s string) (string, bool) {
	r, n := utf8.DecodeRuneInString(s)
	s = s[n:]
	if isRI(r) {
		r2, n2 := utf8.DecodeRuneInString(s)
		return s[n2:], isRI(r2)
	}
	ascii := r == '#' || r == '*' || ('0' <= r && r <= '9')
	if !ascii && !isEmoji(r) {
		return s, false
	}
	next := func() rune { r, _ := utf8.DecodeRuneInString(s); return r }
	skip := func() { _, n := utf8.DecodeRuneInString(s); s = s[n:] }
	switch c := next(); {
	case c >= modFirst && c <= modLast:
		skip()
	case c >= tagFirst && c <= tagLast:
		for c = next(); c >= tagFirst && c <= tagLast; c = next() {
			skip()
		}
		if c != tagCancel {
			return s, false
		}
		skip()
	}
	if next() == vs16 {
		skip()
	}
	if next() == keycap {
		skip()
		return s, ascii
	}
	return s, !ascii
}

func isRI(r rune) bool { return r >= riFirst && r <= riLast }

// emojiRanges are the blocks and code points with emoji (UTS #51 emoji-data,
// Emoji=Yes), by block outside the Latin-1 and punctuation areas.
var emojiRanges = [...][2]rune{
	{0x00A9, 0x00A9}, {0x00AE, 0x00AE}, {0x203C, 0x203C}, {0x2049, 0x2049},
	{0x2122, 0x2122}, {0x2139, 0x2139}, {0x2194, 0x2199}, {0x21A9, 0x21AA},
	{0x231A, 0x231B}, {0x2328, 0x2328}, {0x23CF, 0x23CF}, {0x23E9, 0x23F3},
	{0x23F8, 0x23FA}, {0x24C2, 0x24C2}, {0x25AA, 0x25AB}, {0x25B6, 0x25B6},
	{0x25C0, 0x25C0}, {0x25FB, 0x25FE}, {0x2600, 0x27BF}, {0x2934, 0x2935},
	{0x2B05, 0x2B07}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
	{0x3030, 0x3030}, {0x303D, 0x303D}, {0x3297, 0x3297}, {0x3299, 0x3299},
	{0x1F000, 0x1F1E5}, {0x1F200, 0x1FAFF},
}

func isEmoji(r rune) bool {
	for _, g := range emojiRanges {
		if r < g[0] {
			return false
		}
		if r <= g[1] {
			return true
		}
	}
	return false
}
