// Package static holds the portal's CSS, JavaScript and images, embedded in the binary.
package static

import "embed"

// Files are served under /static/.
//
//go:embed *.css *.js *.svg *.ico vendor/*.js vendor/*.css
var Files embed.FS
