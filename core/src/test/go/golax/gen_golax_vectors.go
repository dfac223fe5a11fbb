// Command gen_golax_vectors writes core/src/test/resources/vectors/modgate/golax.json: go.mod texts assembled
// at random (seeded) from lines that exercise the go.mod lexer, block grammar and the directives lax parsing
// checks, each with the go version golang.org/x/mod/modfile.ParseLax reports, or null when ParseLax fails or
// finds no go line. The module zip rules read the root go.mod this way to pick the go 1.24 vendor rule.
//
// The go lines use versions on which x/mod v0.7.0 and newer x/mod agree (newer versions accept "1.2.3" and
// "1.21rc1" without the lax fix-up, but the outcome - a go version or none - is the same), and no "ignore"
// directive, which v0.7.0 does not know.
//
// Run with the Debian packages golang-go and golang-golang-x-mod-dev (x/mod v0.7.0):
//
//	cd core/src/test/go/golax && GO111MODULE=off GOPATH=/usr/share/gocode go run gen_golax_vectors.go > ../../resources/vectors/modgate/golax.json
package main

import (
	"encoding/json"
	"math/rand"
	"os"
	"strings"

	"golang.org/x/mod/modfile"
)

var pool = []string{
	"module m", `module "m"`, "module 'm'", "module m n", "module", "module m // c", `module "m\x41"`, `module "bad\q"`,
	"go 1.21", "go 1.24 // c", "go", "go 1", "go x", "go 1.21 1.22", "go v1.21-x", "go 1.21-pre", "go (", ")", "(", "go ()",
	"require x.com/y v1.0.0", "require x.com/y", "require (", "\tx.com/y v1.0.0", "\tx.com/y master", "require x.com/y/v2 v1.0.0",
	"require x.com/y v1.2", "require x.com/y/v1 v1.0.0", `require "x.com/y" v1.0.0 // indirect`, "require x.com/y v2.0.0+incompatible",
	"replace a => b", "replace (", "exclude x v1", "retract v1.0.0", "retract", "retract (", "retract [v1.0.0, v1.1.0]", "retract [",
	"toolchain go1.21", "/* c */", "x /* c */", "{", "a,b", `"unterminated`, "`raw`", "// comment", "", "godebug x=1", "  ", "\t",
	"go 1.21\r", "module m\r", "x\u00a0y", "x\u0085", "foo(bar)", "a ( b", "a ()", "a () b", "\u263a", `x "a\"b"`, "x \"a\nb\"",
	"x//y", "x/*y", "/", `a"b`, `"a" b`, "'", "`a b`", "\u2028", "x\x7fy", "x\x00", `require "x.com/\u0041" v1.0.0`,
	`require "x.com/y" "v1.0.0"`, "require x.com/y `v1.0.0`", `module "m\101"`, `module "m\8"`, "require gopkg.in/yaml.v2 v2.4.0",
	"require gopkg.in/yaml.v2 v1.0.0", "require x.com/y v1.0.0 extra", "go 1.21 )", ") x", "module ( m )", "module (\n\tm\n)",
	"require ()", "go\t1.22", "go 1.24.1", "go 1.25rc1",
}

type vector struct {
	GoMod string  `json:"gomod"`
	Go    *string `json:"go"`
}

func main() {
	r := rand.New(rand.NewSource(7))
	var out struct {
		Source  string   `json:"source"`
		Vectors []vector `json:"vectors"`
	}
	out.Source = "golang.org/x/mod v0.7.0 modfile.ParseLax(\"go.mod\", gomod, nil).Go.Version; core/src/test/go/golax/gen_golax_vectors.go"
	for n := 0; n < 3000; n++ {
		var lines []string
		// Short files half the time, so that many parse and the go line is what decides.
		maxLines := 7
		if r.Intn(2) == 0 {
			maxLines = 2
		}
		for k := r.Intn(maxLines) + 1; k > 0; k-- {
			lines = append(lines, pool[r.Intn(len(pool))])
		}
		if r.Float64() < 0.7 {
			i := r.Intn(len(lines) + 1)
			goLine := []string{"go 1.21", "go 1.24", "go 1.30"}[r.Intn(3)]
			lines = append(lines[:i], append([]string{goLine}, lines[i:]...)...)
		}
		text := strings.Join(lines, "\n")
		if r.Float64() < 0.5 {
			text += "\n"
		}
		v := vector{GoMod: text}
		if f, err := modfile.ParseLax("go.mod", []byte(text), nil); err == nil && f.Go != nil {
			v.Go = &f.Go.Version
		}
		out.Vectors = append(out.Vectors, v)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.Encode(out)
}
