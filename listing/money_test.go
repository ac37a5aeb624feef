package listing

import "testing"

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in      string
		want    Money
		wantErr bool
	}{
		{"10", 1000, false},
		{"10.5", 1050, false},
		{"0.01", 1, false},
		{"1,299.00", 129900, false},
		{".5", 50, false},
		{"+3", 300, false},
		{"-0.50", -50, false},
		{" 59.90 ", 5990, false},
		{"12.340", 1234, false},
		{"", 0, true},
		{"abc", 0, true},
		{"1.234", 0, true},
		{"1-2", 0, true},
		{".", 0, true},
		{"１０", 0, true}, // full-width digits are folded by the caller
		{"9999999999999999", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseMoney(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestMoneyString(t *testing.T) {
	for _, tt := range []struct {
		m    Money
		want string
	}{{0, "0.00"}, {1, "0.01"}, {1000, "10.00"}, {-50, "-0.50"}, {123456, "1234.56"}} {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("Money(%d).String() = %q, want %q", tt.m, got, tt.want)
		}
	}
	if got := Money(1000).Yuan(); got != "¥10.00" {
		t.Errorf("Yuan() = %q", got)
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"10", "0.01", "1,299.00", "-3", ".5", "1.234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			return
		}
		back, err := ParseMoney(m.String())
		if err != nil || back != m {
			t.Errorf("ParseMoney(%q) = %v, but its String %q parses to %v, %v", s, m, m.String(), back, err)
		}
	})
}
