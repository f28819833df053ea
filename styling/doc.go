// Package styling reads XEP-0393 (Message Styling) 1.1.1: the plain-text
// conventions *strong*, _emphasis_, ~strike~, `code`, ``` preformatted
// blocks and > quotations inside a message <body/>.
//
// [Parse] splits a body into [Span] runs that cover it byte for byte, each
// with its [Style] and quotation depth, so a client renders every byte,
// styling directives included (§6 recommends showing them, styled like the
// text they apply to). The rules are the specification's, applied exactly:
// blocks first (§5.1), then spans inside each plain line (§5.2), matched
// lazily from left to right; an opening directive stands at the start of
// its block, after white space, or right after a different opening
// directive, and is not followed by white space; a closing one is not
// preceded by white space; a span holds some text. No regular expression,
// no Markdown: a body is only ever split, never changed.
//
// A sender that wants its body shown as written adds [Unstyled];
// [Disabled] tells a receiver that it did. Clients that style advertise
// [Feature], as disco.Var(styling.Feature) in their disco.Handler.
package styling
