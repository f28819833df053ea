package message

import "strings"

// Body returns the body in the language lang (an xml:lang tag such as
// "en" or "de-CH"), or "" when m has no body. See [Message.Subject] for
// how the version is chosen.
func (m Message) Body(lang string) string { return pick(m.Header.Lang, m.Bodies, lang) }

// Subject returns the subject in the language lang, or "" when m has none.
//
// A text without xml:lang is in the message's language (Header.Lang), as
// XML inheritance has it. The version chosen is the first that matches
// lang, then lang with its last subtag cut off and so on (the lookup of
// RFC 4647 §3.4: "de-CH" falls back to "de"), compared without regard to
// case; failing that, the one in the message's own language; failing that,
// the first. An empty lang asks for the message's own language.
func (m Message) Subject(lang string) string { return pick(m.Header.Lang, m.Subjects, lang) }

// pick implements the choice described at Subject.
func pick(def string, texts []Text, lang string) string {
	if len(texts) == 0 {
		return ""
	}
	for r := lang; r != ""; r = truncate(r) {
		for i := range texts {
			if strings.EqualFold(effective(def, &texts[i]), r) {
				return texts[i].Text
			}
		}
	}
	for i := range texts {
		if strings.EqualFold(effective(def, &texts[i]), def) {
			return texts[i].Text
		}
	}
	return texts[0].Text
}

// effective returns the language of t in a message whose language is def.
func effective(def string, t *Text) string {
	if t.Lang == "" {
		return def
	}
	return t.Lang
}

// truncate cuts the last subtag off a language range, and a single-letter
// subtag (an extension or private-use singleton) left before it (RFC 4647
// §3.4).
func truncate(r string) string {
	i := strings.LastIndexByte(r, '-')
	if i < 0 {
		return ""
	}
	r = r[:i]
	if j := strings.LastIndexByte(r, '-'); j >= 0 && len(r)-j == 2 {
		r = r[:j]
	}
	return r
}

// maxQuadratic is the number of texts up to which duplicates are looked
// for pairwise; beyond it a map keeps the check linear, since a peer
// chooses how many bodies a message has.
const maxQuadratic = 16

// hasDuplicateLang reports whether two texts are in the same language
// (RFC 6121 §5.2.3 and §5.2.4 want a distinct xml:lang for each).
func hasDuplicateLang(def string, texts []Text) bool {
	if len(texts) <= maxQuadratic {
		for i := range texts {
			for j := range i {
				if strings.EqualFold(effective(def, &texts[i]), effective(def, &texts[j])) {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[string]struct{}, len(texts))
	for i := range texts {
		k := strings.ToLower(effective(def, &texts[i]))
		if _, ok := seen[k]; ok {
			return true
		}
		seen[k] = struct{}{}
	}
	return false
}
