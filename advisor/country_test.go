package advisor

import "testing"

func TestNormalizeCountry(t *testing.T) {
	tests := []struct{ in, want string }{
		{"China", "China"}, {"PRC", "China"}, {"mainland China", "China"}, {"中国", "China"}, {"CN", "China"},
		{"Hong Kong", "Hong Kong"}, {"HK", "Hong Kong"}, {"香港", "Hong Kong"}, {"hongkong", "Hong Kong"},
		{"UK", "United Kingdom"}, {"England", "United Kingdom"}, {"Reino Unido", "United Kingdom"}, {"GB", "United Kingdom"},
		{"USA", "United States"}, {"U.S.", "United States"}, {"Estados Unidos", "United States"},
		{"Ningbo", "China"}, {"Zhejiang", "China"}, {"Yiwu", "China"}, {"Shenzhen", "China"}, {"宁波", "China"},
		{"Lagos", "Nigeria"}, {"Dubai", "United Arab Emirates"}, {"Taiwan", "Taiwan"}, {"Macao", "Macau"},
		{" nigeria. ", "Nigeria"}, {"Atlantis", ""}, {"", ""}, {"XX", ""},
	}
	for _, tt := range tests {
		if got := NormalizeCountry(tt.in); got != tt.want {
			t.Errorf("NormalizeCountry(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSameCountry(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"China", "PRC", true},
		{"Ningbo", "China", true},
		{"HK", "Hong Kong", true},
		{"Hong Kong", "China", false}, // what bank-change scams exploit
		{"Taiwan", "China", false},
		{"United Kingdom", "Nigeria", false},
		{"UK", "England", true},
		{"", "", false},
		{"Atlantis", "Atlantis", false},
	}
	for _, tt := range tests {
		if got := SameCountry(tt.a, tt.b); got != tt.want {
			t.Errorf("SameCountry(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCountryFromISO(t *testing.T) {
	for code, want := range map[string]string{"HK": "Hong Kong", "cn": "China", "NG": "Nigeria", "GB": "United Kingdom", "ZZ": ""} {
		if got := CountryFromISO(code); got != want {
			t.Errorf("CountryFromISO(%q) = %q, want %q", code, got, want)
		}
	}
}
