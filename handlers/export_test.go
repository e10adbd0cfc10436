package handlers

// Limits and names the tests of package handlers_test check against.
const (
	LoginAttemptsPerIP           = loginAttemptsPerIP
	LoginAttemptsPerAccount      = loginAttemptsPerAccount
	LoginAttemptsPerAccountAndIP = loginAttemptsPerAccountAndIP
	LoginWindow                  = loginWindow
	AnonymousFormBytes           = anonymousFormBytes
	AnonymousFormFields          = anonymousFormFields
	OptionsFormBytes             = optionsFormBytes
	UploadBytes                  = uploadBytes
	SessionCacheTTL              = sessionCacheTTL
	SessionName                  = sessionName
	AuditPageSize                = auditPageSize
	DashboardPageSize            = dashboardPageSize
	MaxDescriptionLength         = maxDescriptionLength
)
