package xmlstream

// Limits bound what a peer can make a Decoder hold. A zero field takes its default.
type Limits struct {
	// MaxElementBytes bounds the wire bytes of one top-level element, markup
	// included, and of the stream start tag. Zero means 1 MiB.
	MaxElementBytes int
	// MaxDepth bounds element nesting inside one top-level element (the
	// top-level element itself is depth 1). Zero means 64.
	MaxDepth int
	// MaxAttrs bounds the attributes of one element, namespace declarations
	// included. Zero means 64.
	MaxAttrs int
	// MaxNameBytes bounds the bytes of one qualified name (prefix:local).
	// Zero means 1024.
	MaxNameBytes int
	// MaxAttrValueBytes bounds the bytes of one attribute value as written on
	// the wire. Zero means 64 KiB.
	MaxAttrValueBytes int
}

const (
	defaultMaxElementBytes   = 1 << 20
	defaultMaxDepth          = 64
	defaultMaxAttrs          = 64
	defaultMaxNameBytes      = 1024
	defaultMaxAttrValueBytes = 64 << 10
)

// DefaultLimits returns the limits a zero Limits stands for.
func DefaultLimits() Limits {
	return Limits{
		MaxElementBytes:   defaultMaxElementBytes,
		MaxDepth:          defaultMaxDepth,
		MaxAttrs:          defaultMaxAttrs,
		MaxNameBytes:      defaultMaxNameBytes,
		MaxAttrValueBytes: defaultMaxAttrValueBytes,
	}
}

// withDefaults returns a copy of lim with zero (or negative) fields defaulted.
func (lim Limits) withDefaults() Limits {
	def := DefaultLimits()
	if lim.MaxElementBytes <= 0 {
		lim.MaxElementBytes = def.MaxElementBytes
	}
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = def.MaxDepth
	}
	if lim.MaxAttrs <= 0 {
		lim.MaxAttrs = def.MaxAttrs
	}
	if lim.MaxNameBytes <= 0 {
		lim.MaxNameBytes = def.MaxNameBytes
	}
	if lim.MaxAttrValueBytes <= 0 {
		lim.MaxAttrValueBytes = def.MaxAttrValueBytes
	}
	return lim
}
