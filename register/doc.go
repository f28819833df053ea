// Package register implements XEP-0077 (In-Band Registration) 2.4: the
// jabber:iq:register query ([Query]), a client's requests on a logged-in
// session ([Fields], [ChangePassword], [Cancel]), registration before
// logging in as a stream feature ([Feature]), and the server's side of
// that feature ([ServerFeature]), offered as
// <register xmlns='http://jabber.org/features/iq-register'/> (§8).
//
// Only the username and password fields are modelled; a server asking
// for more (or for a data form, §6) gets an error from [Feature], which
// cannot fill them in.
package register
