// Command gen_checkfiles_vectors writes core/src/test/resources/vectors/modgate/checkfiles.json: random
// (seeded) file lists built from path elements that stress golang.org/x/mod/zip's rules - case folding
// (Kelvin sign, long s, sigmas, dotted and dotless i, DŽ/Dž/dž), vendor directories, nested go.mod files in any
// case, unclean and absolute paths, invalid characters, size limits - each with the exact report of
// zip.CheckFiles, formatted as zip_test.go's formatCheckedFiles, plus the error text of CheckedFiles.Err.
//
// All go.mod files are empty, so no go directive applies and x/mod v0.7.0's rules equal the newest ones.
//
// Run with the Debian packages golang-go and golang-golang-x-mod-dev (x/mod v0.7.0):
//
//	cd core/src/test/go/checkfiles && GO111MODULE=off GOPATH=/usr/share/gocode go run gen_checkfiles_vectors.go > ../../resources/vectors/modgate/checkfiles.json
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path"
	"strings"
	"time"

	modzip "golang.org/x/mod/zip"
)

type fakeFile struct {
	name string
	size int64
}

func (f fakeFile) Path() string                 { return f.name }
func (f fakeFile) Lstat() (os.FileInfo, error)  { return fi{f}, nil }
func (f fakeFile) Open() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(nil)), nil }

type fi struct{ f fakeFile }

func (x fi) Name() string       { return path.Base(x.f.name) }
func (x fi) Size() int64        { return x.f.size }
func (x fi) Mode() os.FileMode  { return 0644 }
func (x fi) ModTime() time.Time { return time.Time{} }
func (x fi) IsDir() bool        { return false }
func (x fi) Sys() interface{}   { return nil }

var segs = []string{"a", "A", "b", "k", "K", "\u212a", "s", "S", "\u017f", "\u03c3", "\u03c2", "\u03a3", "\u0130", "i", "I", "\u0131",
	"vendor", "Vendor", "go.mod", "GO.MOD", "Go.Mod", "x.go", "X.GO", ".hg_archival.txt", "..", ".", "", "sub", "\u00e9", "\u00c9",
	"\u01c4", "\u01c5", "\u01c6", "modules.txt", "LICENSE", "a b", "a'b", "a~b", "con", "CON.txt", "x\u0300", "\u1e9e", "\u00df"}

func main() {
	r := rand.New(rand.NewSource(3))
	type file struct {
		Path string `json:"path"`
		Size int64  `json:"size"`
	}
	type vec struct {
		Files []file  `json:"files"`
		Want  string  `json:"want"`
		Err   *string `json:"err"`
	}
	sizes := []int64{modzip.MaxGoMod + 1, modzip.MaxLICENSE, modzip.MaxZipFile / 2, modzip.MaxZipFile + 1, -1}
	var out []vec
	for n := 0; n < 3000; n++ {
		var names []string
		for k := r.Intn(8) + 1; k > 0; k-- {
			var parts []string
			for d := r.Intn(3) + 1; d > 0; d-- {
				parts = append(parts, segs[r.Intn(len(segs))])
			}
			p := strings.Join(parts, "/")
			if r.Intn(20) == 0 {
				p = "/" + p
			}
			names = append(names, p)
		}
		var files []modzip.File
		var listed []file
		for _, nm := range names {
			var size int64
			if r.Intn(10) == 0 {
				size = sizes[r.Intn(len(sizes))]
			}
			files = append(files, fakeFile{nm, size})
			listed = append(listed, file{nm, size})
		}
		cf, err := modzip.CheckFiles(files)
		buf := &bytes.Buffer{}
		fmt.Fprintf(buf, "valid:\n")
		for _, f := range cf.Valid {
			fmt.Fprintln(buf, f)
		}
		fmt.Fprintf(buf, "\nomitted:\n")
		for _, f := range cf.Omitted {
			fmt.Fprintf(buf, "%s: %v\n", f.Path, f.Err)
		}
		fmt.Fprintf(buf, "\ninvalid:\n")
		for _, f := range cf.Invalid {
			fmt.Fprintf(buf, "%s: %v\n", f.Path, f.Err)
		}
		v := vec{Files: listed, Want: buf.String()}
		if err != nil {
			e := err.Error()
			v.Err = &e
		}
		out = append(out, v)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.Encode(map[string]interface{}{
		"source":  "golang.org/x/mod v0.7.0 zip.CheckFiles; core/src/test/go/checkfiles/gen_checkfiles_vectors.go",
		"vectors": out,
	})
}
