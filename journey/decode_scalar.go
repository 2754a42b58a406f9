package journey

// Decoding scalars: numbers as the YAML 1.2 core schema reads them, any
// scalar as a string, and how values are named in messages.

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

func (d *decoder) intValue(n ast.Node, v reflect.Value, path string) {
	in, ok := n.(*ast.IntegerNode)
	if !ok {
		if s, plain := plainText(n); plain && isYAMLInt(s) {
			d.addf("wrong-type", path, n, "the integer %s is out of range", s)
		} else if plain && isYAMLFloat(s) {
			d.addf("wrong-type", path, n, "expected an integer, got the number %s", s)
		} else {
			d.addf("wrong-type", path, n, "expected an integer, got %s", describe(n))
		}
		return
	}
	var x int64
	switch val := in.Value.(type) {
	case int64:
		x = val
	case uint64:
		if val > math.MaxInt64 {
			d.addf("wrong-type", path, n, "the integer %s is out of range", in.Token.Value)
			return
		}
		x = int64(val)
	default:
		d.addf("wrong-type", path, n, "expected an integer, got %s", describe(n))
		return
	}
	if v.OverflowInt(x) {
		d.addf("wrong-type", path, n, "the integer %d is out of range", x)
		return
	}
	v.SetInt(x)
}

// plainText returns the text of a plain (unquoted) string node: goccy/go-yaml
// leaves numbers it cannot hold, such as 1e400 or 2^70, as plain strings.
func plainText(n ast.Node) (string, bool) {
	m, ok := n.(*ast.StringNode)
	if !ok || m.Token == nil || m.Token.Type != token.StringType {
		return "", false
	}
	return m.Value, true
}

// isYAMLInt reports whether s is a decimal integer: [-+]?[0-9]+.
func isYAMLInt(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (d *decoder) floatValue(n ast.Node, v reflect.Value, path string) {
	switch m := n.(type) {
	case *ast.FloatNode:
		if math.IsInf(m.Value, 0) {
			d.addf("wrong-type", path, n, "the number %s is out of range", m.Token.Value)
			return
		}
		v.SetFloat(m.Value)
		return
	case *ast.IntegerNode:
		switch val := m.Value.(type) {
		case int64:
			v.SetFloat(float64(val))
			return
		case uint64:
			v.SetFloat(float64(val))
			return
		}
	case *ast.InfinityNode:
		v.SetFloat(m.Value)
		return
	case *ast.NanNode:
		v.SetFloat(math.NaN())
		return
	case *ast.StringNode:
		// goccy/go-yaml reads some numbers of the YAML 1.2 core schema,
		// such as 1e21, as plain strings.
		if s, plain := plainText(m); plain && isYAMLFloat(s) {
			f, err := strconv.ParseFloat(s, 64)
			if math.IsInf(f, 0) {
				d.addf("wrong-type", path, n, "the number %s is out of range", s)
				return
			}
			if err == nil || errors.Is(err, strconv.ErrRange) { // underflow rounds to 0
				v.SetFloat(f)
				return
			}
		}
	}
	d.addf("wrong-type", path, n, "expected a number, got %s", describe(n))
}

// isYAMLFloat reports whether s matches the YAML 1.2 core schema's float
// pattern [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?.
func isYAMLFloat(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	digits := func() int {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		s = s[n:]
		return n
	}
	intPart := digits()
	frac := 0
	if s != "" && s[0] == '.' {
		s = s[1:]
		frac = digits()
	}
	if intPart == 0 && frac == 0 {
		return false
	}
	if s != "" && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s != "" && (s[0] == '-' || s[0] == '+') {
			s = s[1:]
		}
		if digits() == 0 {
			return false
		}
	}
	return s == ""
}

// scalarText returns the text of a scalar node as a string field takes it:
// any scalar's text, so that "id: 2024" is the string "2024".
func scalarText(n ast.Node) (string, bool) {
	switch m := n.(type) {
	case *ast.StringNode:
		return m.Value, true
	case *ast.LiteralNode:
		if m.Value == nil {
			return "", true
		}
		return m.Value.Value, true
	case *ast.NullNode:
		return "", true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		if tk := m.GetToken(); tk != nil {
			return tk.Value, true
		}
	}
	return "", false
}

// describe says what a node is, for messages: "a string \"x\"", "a list".
func describe(n ast.Node) string {
	switch m := n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		s, _ := scalarText(m)
		return "a string " + quoteShort(s)
	case *ast.IntegerNode:
		return "the integer " + m.Token.Value
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "the number " + m.GetToken().Value
	case *ast.BoolNode:
		return "the boolean " + m.Token.Value
	case *ast.NullNode:
		return "null"
	case nil:
		return "nothing"
	}
	return "a " + strings.ToLower(n.Type().String())
}

func quoteShort(s string) string {
	const max = 40
	if len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}
