package muc_test

import (
	"context"
	"errors"
	"testing"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/stanza"
)

func asStanzaError(err error, se *stanza.Error) bool { return errors.As(err, se) }

func field(v string, values ...string) form.Field { return form.Field{Var: v, Values: values} }

func TestRoomConfigForm(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fields  []form.Field
		want    muc.RoomConfig
		wantErr bool
	}{
		{name: "empty keeps all", want: muc.RoomConfig{}},
		{name: "everything", fields: []form.Field{
			field("muc#roomconfig_roomname", "N"), field("muc#roomconfig_roomdesc", "D"),
			field("muc#roomconfig_persistentroom", "1"), field("muc#roomconfig_publicroom", "true"),
			field("muc#roomconfig_membersonly", "1"), field("muc#roomconfig_moderatedroom", "1"),
			field("muc#roomconfig_passwordprotectedroom", "1"), field("muc#roomconfig_roomsecret", "pw"),
			field("muc#roomconfig_maxusers", "20"), field("muc#roomconfig_whois", "anyone"),
			field("muc#maxhistoryfetch", "0"), field("muc#roomconfig_enablearchiving", "1"),
			field("muc#roomconfig_changesubject", "1"), field("muc#roomconfig_allowinvites", "1"),
		}, want: muc.RoomConfig{Name: "N", Description: "D", Persistent: true, Public: true, MembersOnly: true, Moderated: true,
			Password: "pw", MaxUsers: 20, NonAnonymous: true, HistoryLength: -1, Archive: true, ChangeSubject: true, AllowInvites: true}},
		{name: "no max", fields: []form.Field{field("muc#roomconfig_maxusers", "none")}, want: muc.RoomConfig{}},
		{name: "secret without protection is dropped", fields: []form.Field{field("muc#roomconfig_roomsecret", "pw")}, want: muc.RoomConfig{}},
		{name: "bad bool", fields: []form.Field{field("muc#roomconfig_publicroom", "yes")}, wantErr: true},
		{name: "bad number", fields: []form.Field{field("muc#maxhistoryfetch", "-3")}, wantErr: true},
		{name: "bad whois", fields: []form.Field{field("muc#roomconfig_whois", "everyone")}, wantErr: true},
		{name: "protection without secret", fields: []form.Field{field("muc#roomconfig_passwordprotectedroom", "1")}, wantErr: true},
		{name: "other form", fields: []form.Field{form.HiddenFormType("urn:example")}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := muc.RoomConfig{}.ApplyForm(form.Form{Type: form.TypeSubmit, Fields: tc.fields})
			if tc.wantErr {
				if !errors.Is(err, muc.ErrConfig) {
					t.Errorf("err %v, want ErrConfig", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
			// The form of a configuration gives the configuration back.
			if again, err := (muc.RoomConfig{}).ApplyForm(got.Form()); err != nil || again != got {
				t.Errorf("round trip %+v, %v", again, err)
			}
		})
	}
}

func TestMemoryStore(t *testing.T) {
	var s muc.MemoryStore
	ctx := context.Background()
	room := jid.MustParse("r@conference.localhost")
	if _, ok, err := s.Room(ctx, room); ok || err != nil {
		t.Fatalf("empty store has the room: %v %v", ok, err)
	}
	st := muc.RoomState{JID: room, Affiliations: map[jid.JID]muc.Affiliation{jid.MustParse("a@localhost"): muc.AffiliationOwner}}
	if err := s.SaveRoom(ctx, st); err != nil {
		t.Fatal(err)
	}
	st.Affiliations[jid.MustParse("b@localhost")] = muc.AffiliationMember // the store keeps its own copy
	got, ok, _ := s.Room(ctx, room)
	if !ok || len(got.Affiliations) != 1 {
		t.Errorf("stored %+v", got)
	}
	for i := range 5 {
		if err := s.Append(ctx, room, muc.ArchivedMessage{ID: string(rune('a' + i))}, 3); err != nil {
			t.Fatal(err)
		}
	}
	if a, _ := s.Archive(ctx, room); len(a) != 3 || a[0].ID != "c" {
		t.Errorf("archive kept %+v", a)
	}
	if rooms, _ := s.Rooms(ctx); len(rooms) != 1 {
		t.Errorf("rooms %+v", rooms)
	}
	if err := s.DeleteRoom(ctx, room); err != nil {
		t.Fatal(err)
	}
	if a, _ := s.Archive(ctx, room); len(a) != 0 {
		t.Errorf("archive survives its room: %+v", a)
	}
}
