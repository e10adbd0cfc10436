package bbb

// The encoding/xml decoders, for the tests and benchmarks that hold the fast ones to them.
var (
	ParseMeetingsStd    = parseMeetingsStd
	ParseMeetingInfoStd = parseMeetingInfoStd
	FastMeetings        = fastMeetings
	FastMeetingInfo     = fastMeetingInfo
)
