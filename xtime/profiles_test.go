package xtime_test

import (
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp/xtime"
)

func TestParseDateTime(t *testing.T) {
	minus5 := time.FixedZone("", -5*3600)
	for _, tc := range []struct {
		in   string
		want time.Time
		bad  bool
	}{
		// XEP-0082 §3.2 examples.
		{in: "1969-07-21T02:56:15Z", want: time.Date(1969, 7, 21, 2, 56, 15, 0, time.UTC)},
		{in: "1969-07-20T21:56:15-05:00", want: time.Date(1969, 7, 20, 21, 56, 15, 0, minus5)},
		{in: "2002-09-10T23:41:07.123Z", want: time.Date(2002, 9, 10, 23, 41, 7, 123e6, time.UTC)},
		{in: "2002-09-10T23:41:07.1234567891234Z", want: time.Date(2002, 9, 10, 23, 41, 7, 123456789, time.UTC)},
		{in: "2024-02-29T00:00:00+14:00", want: time.Date(2024, 2, 28, 10, 0, 0, 0, time.UTC)},
		{in: "2000-01-01T00:00:00+00:00", want: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{in: "1969-07-21T02:56:15", bad: true},       // zone required
		{in: "1969-07-21 02:56:15Z", bad: true},      // separator
		{in: "1969-07-21t02:56:15z", bad: true},      // lower case
		{in: "19690721T02:56:15Z", bad: true},        // legacy form
		{in: "2023-02-29T00:00:00Z", bad: true},      // not a leap year
		{in: "2024-13-01T00:00:00Z", bad: true},      // month
		{in: "2024-01-01T24:00:00Z", bad: true},      // hour
		{in: "2024-01-01T23:60:00Z", bad: true},      // minute
		{in: "2024-01-01T23:59:60Z", bad: true},      // second
		{in: "2024-01-01T23:59:59.Z", bad: true},     // empty fraction
		{in: "2024-01-01T23:59:59+15:00", bad: true}, // offset beyond 14h
		{in: "2024-01-01T23:59:59+01:60", bad: true},
		{in: "2024-01-01T23:59:59+0100", bad: true},
		{in: "2024-01-01T23:59:59Z ", bad: true},
		{in: "+2024-01-01T23:59:59Z", bad: true},
		{in: "２０２４-01-01T23:59:59Z", bad: true},
		{in: "", bad: true},
		{in: "9999-12-31T23:59:59-14:00", bad: true}, // year 10000 in UTC
		{in: "0000-01-01T00:00:00+01:00", bad: true}, // year -1 in UTC
	} {
		got, err := xtime.ParseDateTime(tc.in)
		if tc.bad {
			if !errors.Is(err, xtime.ErrFormat) {
				t.Errorf("ParseDateTime(%q) = %v, %v; want ErrFormat", tc.in, got, err)
			}
			continue
		}
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		_, gotOff := got.Zone()
		_, wantOff := tc.want.In(got.Location()).Zone()
		if gotOff != wantOff {
			t.Errorf("ParseDateTime(%q) offset %d, want %d", tc.in, gotOff, wantOff)
		}
	}
}

func TestFormat(t *testing.T) {
	tokyo := time.FixedZone("", 9*3600)
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"DateTime UTC", xtime.FormatDateTime(time.Date(1969, 7, 21, 2, 56, 15, 0, time.UTC)), "1969-07-21T02:56:15Z"},
		{"DateTime converts to UTC", xtime.FormatDateTime(time.Date(2020, 1, 1, 8, 0, 0, 0, tokyo)), "2019-12-31T23:00:00Z"},
		{"DateTime fraction", xtime.FormatDateTime(time.Date(2020, 1, 1, 0, 0, 0, 5e6, time.UTC)), "2020-01-01T00:00:00.005Z"},
		// Issue 18: at most six digits, which every parser takes.
		{"DateTime nanoseconds", xtime.FormatDateTime(time.Date(2020, 1, 1, 0, 0, 0, 123456789, time.UTC)), "2020-01-01T00:00:00.123456Z"},
		{"Time nanoseconds", xtime.FormatTime(time.Date(2020, 1, 1, 16, 0, 0, 999999999, time.UTC)), "16:00:00.999999Z"},
		{"Date", xtime.FormatDate(time.Date(1776, 7, 4, 12, 0, 0, 0, time.UTC)), "1776-07-04"},
		{"Time", xtime.FormatTime(time.Date(2020, 1, 1, 16, 0, 0, 0, time.UTC)), "16:00:00Z"},
		{"TZD west", xtime.FormatTZD(-6 * time.Hour), "-06:00"},
		{"TZD east", xtime.FormatTZD(5*time.Hour + 30*time.Minute), "+05:30"},
		{"TZD zero", xtime.FormatTZD(0), "+00:00"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in  string
		ok  bool
		day time.Time
	}{
		{"1776-07-04", true, time.Date(1776, 7, 4, 0, 0, 0, 0, time.UTC)},
		{"2000-02-29", true, time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"1900-02-29", false, time.Time{}},
		{"1776-7-4", false, time.Time{}},
		{"1776-07-04Z", false, time.Time{}},
		{"1776-07-00", false, time.Time{}},
	} {
		got, err := xtime.ParseDate(tc.in)
		if (err == nil) != tc.ok || tc.ok && !got.Equal(tc.day) {
			t.Errorf("ParseDate(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in      string
		ok      bool
		hasZone bool
		utc     string
	}{
		{"16:00:00", true, false, "16:00:00Z"},
		{"16:00:00Z", true, true, "16:00:00Z"},
		{"16:00:00.5+07:00", true, true, "09:00:00.5Z"},
		{"16:00", false, false, ""},
		{"16:00:00+7:00", false, false, ""},
		{"16:00:00 ", false, false, ""},
	} {
		got, hasZone, err := xtime.ParseTime(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseTime(%q) error %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if tc.ok && (hasZone != tc.hasZone || xtime.FormatTime(got) != tc.utc) {
			t.Errorf("ParseTime(%q) = %s, %v; want %s, %v", tc.in, xtime.FormatTime(got), hasZone, tc.utc, tc.hasZone)
		}
	}
}

func TestParseTZD(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"Z", 0, true},
		{"-06:00", -6 * time.Hour, true},
		{"+05:45", 5*time.Hour + 45*time.Minute, true},
		{"+14:00", 14 * time.Hour, true},
		{"+14:01", 0, false},
		{"06:00", 0, false},
		{"z", 0, false},
		{"", 0, false},
	} {
		got, err := xtime.ParseTZD(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseTZD(%q) = %v, %v", tc.in, got, err)
		}
	}
}
