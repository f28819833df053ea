// Package avatar implements user avatars: XEP-0084 (User Avatar) 1.1.4,
// XEP-0153 (vCard-Based Avatars) 1.1.1 and the discovery side of XEP-0398
// (User Avatar to vCard-Based Avatars Conversion) 1.0.0.
//
// An XEP-0084 avatar lives in two PEP nodes of the owner's account: the
// image in [DataNode], one item per image, and its description in
// [MetadataNode]. The item ID of both is the hex SHA-1 of the image bytes
// ([ID]); [Fetch] checks it, so a peer cannot pass one image off under
// another's hash. [Publish] writes data first, then metadata (§4.1 says the
// data must be there before the metadata names it). XEP-0300 hashes
// (package hashes) may ride along in the metadata's <info/>
// ([Info.Hashes], [PublishInfo]); [Fetch] checks every one it can compute
// as well as the SHA-1 ID.
//
// An XEP-0153 avatar is the PHOTO of the account's vCard (package vcard);
// [Update] is the <x xmlns='vcard-temp:x:update'/> a client adds to its
// presence to name the photo's hash. [FromVCard] reads and checks one.
//
// A server with XEP-0398 ([ConversionFeature] on the account) keeps both
// forms in step, so a client may read either; [Get] tries PEP, then the
// vCard. Images are bounded by [MaxDataSize].
package avatar
