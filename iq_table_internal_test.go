package xmpp

import (
	"strconv"
	"testing"
	"unsafe"

	"github.com/canto-im/xmpp/stanza"
)

// TestPendingTableBeyondFew: requests beyond the array go to the map and
// are found, removed and failed like the first ones.
func TestPendingTableBeyondFew(t *testing.T) {
	var tab pendingTable
	ps := make([]*pendingIQ, 3*fewPending)
	for i := range ps {
		ps[i] = &pendingIQ{id: "id" + strconv.Itoa(i)}
		tab.add(ps[i])
	}
	for i, p := range ps {
		if got := tab.find(p.id); got != p {
			t.Fatalf("find(%q) = %v, want request %d", p.id, got, i)
		}
	}
	stranger := &pendingIQ{id: ps[fewPending+1].id}
	if tab.remove(stranger) || tab.find(stranger.id) != ps[fewPending+1] {
		t.Fatal("removed another request with the same id")
	}
	for _, i := range []int{0, fewPending + 1, fewPending - 1} {
		if !tab.remove(ps[i]) || tab.find(ps[i].id) != nil {
			t.Fatalf("request %d not removed", i)
		}
		if tab.remove(ps[i]) {
			t.Fatalf("request %d removed twice", i)
		}
	}
	taken := map[*pendingIQ]bool{}
	tab.takeAll(func(p *pendingIQ) {
		if tab.find(p.id) == p {
			t.Errorf("%q still in the table when taken", p.id)
		}
		taken[p] = true
	})
	if len(taken) != len(ps)-3 {
		t.Errorf("took %d requests, want %d", len(taken), len(ps)-3)
	}
	if tab.find(ps[2].id) != nil || tab.find(ps[2*fewPending].id) != nil {
		t.Error("table not empty after takeAll")
	}
}

// TestPendingIDFitsItsBuffer holds idLen to the ids stanza.AppendID makes:
// a longer id would be made on the heap, not in the request's record.
func TestPendingIDFitsItsBuffer(t *testing.T) {
	var p pendingIQ
	id := stanza.AppendID(p.idBuf[:0])
	if len(id) != idLen || unsafe.SliceData(id) != &p.idBuf[0] {
		t.Fatalf("AppendID made %d bytes (idLen %d), in the record's buffer: %v", len(id), idLen, unsafe.SliceData(id) == &p.idBuf[0])
	}
}
