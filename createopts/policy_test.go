package createopts

import "testing"

// Effective reads the policy of each option of All as one of its own: none is a row of a
// pseudo-option, so that is the policy PolicyOf says.
func TestEveryOptionHasAPolicyOfItsOwn(t *testing.T) {
	s := Settings{}
	for i, o := range All {
		if rows := rowOption(o.Name); rows != "" {
			t.Errorf("%s is a row of %s", o.Name, rows)
		}
		s[o.Name] = Setting{Policy: []Policy{PolicyForced, PolicyHidden, PolicyDefault}[i%3]}
	}
	s[MetaOption] = Setting{Policy: PolicyHidden}
	for _, o := range All {
		if got, want := s.ownPolicy(o.Name), s.PolicyOf(o.Name); got != want {
			t.Errorf("%s: own policy %q, PolicyOf %q", o.Name, got, want)
		}
	}
}
