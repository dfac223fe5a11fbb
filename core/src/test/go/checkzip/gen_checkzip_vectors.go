// Command gen_checkzip_vectors writes core/src/test/resources/vectors/modgate/checkzip.json: random (seeded)
// lists of zip entry names for module example.com/m@v1.0.0 - names outside the prefix, directory entries,
// case-fold collisions, go.mod files in any case and directory, unclean paths - each with the exact report and
// error of zip.CheckZip for a zip holding those entries (empty files) in that order.
//
// Run with the Debian packages golang-go and golang-golang-x-mod-dev (x/mod v0.7.0):
//
//	cd core/src/test/go/checkzip && GO111MODULE=off GOPATH=/usr/share/gocode go run gen_checkzip_vectors.go > ../../resources/vectors/modgate/checkzip.json
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

var segs = []string{"a", "A", "k", "K", "\u212a", "s", "\u017f", "\u03c3", "\u03c2", "\u03a3", "\u0130", "i",
	"vendor", "go.mod", "GO.MOD", "Go.mod", "x.go", "X.GO", "..", ".", "", "sub", "\u00e9", "\u00c9", "LICENSE", "a'b", "x\u0300"}

var prefixes = []string{"example.com/m@v1.0.0/", "example.com/m@v1.0.0/", "example.com/m@v1.0.0/", "example.com/M@v1.0.0/", "example.com/m@v1.0.0", ""}

func main() {
	r := rand.New(rand.NewSource(5))
	m := module.Version{Path: "example.com/m", Version: "v1.0.0"}
	dir, err := os.MkdirTemp("", "checkzip")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	type vec struct {
		Entries []string `json:"entries"`
		Want    string   `json:"want"`
		Err     *string  `json:"err"`
	}
	var out []vec
	for n := 0; n < 2000; n++ {
		var names []string
		for k := r.Intn(6) + 1; k > 0; k-- {
			var parts []string
			for d := r.Intn(3) + 1; d > 0; d-- {
				parts = append(parts, segs[r.Intn(len(segs))])
			}
			name := prefixes[r.Intn(len(prefixes))] + strings.Join(parts, "/")
			if r.Intn(6) == 0 {
				name += "/"
			}
			names = append(names, name)
		}
		zipPath := filepath.Join(dir, "m.zip")
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, name := range names {
			if _, err := zw.Create(name); err != nil {
				panic(err)
			}
		}
		if err := zw.Close(); err != nil {
			panic(err)
		}
		if err := os.WriteFile(zipPath, buf.Bytes(), 0666); err != nil {
			panic(err)
		}
		cf, err := modzip.CheckZip(m, zipPath)
		var report bytes.Buffer
		fmt.Fprintf(&report, "valid:\n")
		for _, f := range cf.Valid {
			fmt.Fprintln(&report, f)
		}
		fmt.Fprintf(&report, "\nomitted:\n")
		for _, f := range cf.Omitted {
			fmt.Fprintf(&report, "%s: %v\n", f.Path, f.Err)
		}
		fmt.Fprintf(&report, "\ninvalid:\n")
		for _, f := range cf.Invalid {
			fmt.Fprintf(&report, "%s: %v\n", f.Path, f.Err)
		}
		v := vec{Entries: names, Want: report.String()}
		if err != nil {
			e := err.Error()
			v.Err = &e
		}
		out = append(out, v)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.Encode(map[string]interface{}{
		"source":  "golang.org/x/mod v0.7.0 zip.CheckZip of example.com/m@v1.0.0; core/src/test/go/checkzip/gen_checkzip_vectors.go",
		"vectors": out,
	})
}
