package bbb

// messageKey values of BBB answers (bbb-api.md §8), for use with [IsKey].
// Match on keys, never on messages: the texts differ between revisions.
const (
	// Any checksummed call (bbb-web and bbb-webhooks).
	KeyChecksumError = "checksumError"

	// Meetings.
	KeyMissingParamMeetingID    = "missingParamMeetingID"
	KeyMissingParamFullName     = "missingParamFullName"
	KeyNotFound                 = "notFound"                 // end, getMeetingInfo, insertDocument; publish/delete/updateRecordings
	KeyInvalidMeetingID         = "invalidMeetingIdentifier" // join on an unknown meeting
	KeyMeetingForciblyEnded     = "meetingForciblyEnded"
	KeyMismatchCreateTime       = "mismatchCreateTimeParam"
	KeyMaxParticipantsReached   = "maxParticipantsReached"
	KeyGuestDeniedAccess        = "guestDeniedAccess"
	KeyParamsRequired           = "Params required" // sic: join without a valid role or password
	KeyInvalidPassword          = "invalidPassword"
	KeyIDNotUnique              = "idNotUnique"
	KeyDuplicateWarning         = "duplicateWarning" // SUCCESS: create of an existing meeting, hooks/create of a known URL
	KeyNonUniqueVoiceBridge     = "nonUniqueVoiceBridge"
	KeyParentMeetingIDMissing   = "parentMeetingIdMissing"
	KeyParentMeetingNotExisting = "parentMeetingDoesNotExist"
	KeyValidationError          = "validationError"
	KeySizeError                = "sizeError"
	KeyNullError                = "nullError"
	KeyEmptyError               = "emptyError"
	KeyUnsupportedContentType   = "unsupportedContentType"
	KeyNoMeetings               = "noMeetings"            // SUCCESS: getMeetings on an empty server
	KeySentEndMeetingRequest    = "sentEndMeetingRequest" // SUCCESS: end
	KeySuccessfullyJoined       = "successfullyJoined"    // SUCCESS: join redirect=false
	KeyGuestWait                = "guestWait"             // SUCCESS: join redirect=false, the guest waits
	KeyPresentationDisabled     = "presentationDisabled"
	KeyMeetingNotFound          = "meetingNotFound" // sendChatMessage to a meeting nobody is in (3.0.x, 4.0)
	KeyMissingParamMessage      = "missingParamMessage"
	KeyNoSessions               = "noSessions" // SUCCESS: getSessions

	// Recordings.
	KeyMissingParamRecordID = "missingParamRecordID"
	KeyMissingParamPublish  = "missingParamPublish"
	KeyNoRecordings         = "noRecordings" // SUCCESS in getRecordings; FAILED in the text-track calls
	KeyNoCaptionsFound      = "noCaptionsFound"
	KeyParamError           = "paramError"
	KeyInvalidKind          = "invalidKind"
	KeyInvalidLang          = "invalidLang"
	KeyEmptyTextTrack       = "empty_uploaded_text_track"
	KeyTextTrackFailed      = "upload_text_track_failed"
	KeyTextTrackSuccess     = "upload_text_track_success"
	// KeyMissingParameters is Scalelite's answer to getRecordings without
	// meetingID or recordID when GET_RECORDINGS_API_FILTERED is set.
	KeyMissingParameters = "missingParameters"

	// bbb-webhooks.
	KeyMissingParamCallbackURL = "missingParamCallbackURL"
	KeyCreateHookError         = "createHookError"
	KeyMissingParamHookID      = "missingParamHookID"
	KeyDestroyMissingHook      = "destroyMissingHook"
	KeyDestroyHookError        = "destroyHookError"
	KeyListHookError           = "listHookError"

	// KeyUnsupportedRequest is how Scalelite (and some proxies) refuse a
	// call they do not implement: hooks/*, sendChatMessage, text tracks, getSessions.
	KeyUnsupportedRequest = "unsupportedRequest"
	// KeyB3scaleGatewayError is b3scale's key for a request it could not
	// route, e.g. "unknown resource: sendChatMessage" (HTTP 500).
	KeyB3scaleGatewayError = "b3scale_gateway_error"
	// KeyUnknownError is the client's own key for a join error redirect
	// whose errors parameter it cannot read.
	KeyUnknownError = "unknownError"
)
