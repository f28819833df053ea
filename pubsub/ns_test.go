package pubsub_test

const psNS = "http://jabber.org/protocol/pubsub"
