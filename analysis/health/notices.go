package health

import _ "embed"

var (
	//go:embed data/NOTICE.txt
	noticeText string
	//go:embed data/LICENSE.GMWI2-MIT.txt
	gmwi2Licence string
)

// Notices returns the attributions of the third-party data this package
// embeds (data/NOTICE.txt), followed by the licence texts those data must
// carry: the MIT licence of the GMWI2 coefficients. An application that
// ships the package shows it on its about or licences page.
func Notices() string {
	return noticeText + "\n--- MIT licence of GMWI2 (gmwi2_coefficients.tsv) ---\n\n" + gmwi2Licence
}
