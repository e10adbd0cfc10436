package handlers

// Limits and names the tests of package handlers_test check against.
const (
	LoginAttemptsPerIP      = loginAttemptsPerIP
	LoginAttemptsPerAccount = loginAttemptsPerAccount
	SessionName             = sessionName
	AuditPageSize           = auditPageSize
	MaxDescriptionLength    = maxDescriptionLength
)
