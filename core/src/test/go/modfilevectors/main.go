// Command modfilevectors fills in the expected values of the modfile test
// vectors (core/src/test/resources/vectors/modfile) by running
// golang.org/x/mod/modfile itself, so the Java parser is checked against Go's
// own answers rather than against hand-written expectations.
//
// The inputs (cases and testdata files) are kept as they are; only the
// "strict", "lax", "work", "expected" and testdata.json results are rewritten.
// syntax.json is not touched: it holds the expectations of upstream's own
// syntax-level tests, which need unexported parser entry points.
//
// Usage, with a golang.org/x/mod that has toolchain, godebug and tool support
// (v0.21.0 or later) on the build path:
//
//	go run ./core/src/test/go/modfilevectors core/src/test/resources/vectors/modfile
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
)

type kv struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type require struct {
	Path     string `json:"path"`
	Version  string `json:"version"`
	Indirect bool   `json:"indirect"`
}

type modVersion struct {
	Path    string `json:"path"`
	Version string `json:"version"`
}

type replace struct {
	OldPath    string `json:"oldPath"`
	OldVersion string `json:"oldVersion"`
	NewPath    string `json:"newPath"`
	NewVersion string `json:"newVersion"`
}

type retract struct {
	Low       string `json:"low"`
	High      string `json:"high"`
	Rationale string `json:"rationale"`
}

type failure struct {
	Error string `json:"error"`
}

type modResult struct {
	Module     *string      `json:"module"`
	Deprecated string       `json:"deprecated"`
	Go         *string      `json:"go"`
	Toolchain  *string      `json:"toolchain"`
	Godebug    []kv         `json:"godebug"`
	Require    []require    `json:"require"`
	Exclude    []modVersion `json:"exclude"`
	Replace    []replace    `json:"replace"`
	Retract    []retract    `json:"retract"`
	Tool       []string     `json:"tool"`
}

type workResult struct {
	Go        *string   `json:"go"`
	Toolchain *string   `json:"toolchain"`
	Godebug   []kv      `json:"godebug"`
	Use       []string  `json:"use"`
	Replace   []replace `json:"replace"`
}

// fixV is the VersionFixer of upstream's rule_test.go (fixVersionTests).
func fixV(path, version string) (string, error) {
	if path != "example.com/m" {
		return "", fmt.Errorf("module path must be example.com/m")
	}
	return "v" + version, nil
}

func fixer(name string) modfile.VersionFixer {
	switch name {
	case "":
		return nil
	case "fixV":
		return fixV
	}
	panic("unknown fixer " + name)
}

func replaces(rs []*modfile.Replace) []replace {
	out := []replace{}
	for _, r := range rs {
		out = append(out, replace{r.Old.Path, r.Old.Version, r.New.Path, r.New.Version})
	}
	return out
}

func godebugs(gs []*modfile.Godebug) []kv {
	out := []kv{}
	for _, g := range gs {
		out = append(out, kv{g.Key, g.Value})
	}
	return out
}

func parseMod(file string, data []byte, fix modfile.VersionFixer, strict bool) interface{} {
	parse := modfile.ParseLax
	if strict {
		parse = modfile.Parse
	}
	f, err := parse(file, data, fix)
	if err != nil {
		return failure{err.Error()}
	}
	r := modResult{
		Godebug: godebugs(f.Godebug),
		Require: []require{}, Exclude: []modVersion{}, Replace: replaces(f.Replace),
		Retract: []retract{}, Tool: []string{},
	}
	if f.Module != nil {
		r.Module = &f.Module.Mod.Path
		r.Deprecated = f.Module.Deprecated
	}
	if f.Go != nil {
		r.Go = &f.Go.Version
	}
	if f.Toolchain != nil {
		r.Toolchain = &f.Toolchain.Name
	}
	for _, x := range f.Require {
		r.Require = append(r.Require, require{x.Mod.Path, x.Mod.Version, x.Indirect})
	}
	for _, x := range f.Exclude {
		r.Exclude = append(r.Exclude, modVersion{x.Mod.Path, x.Mod.Version})
	}
	for _, x := range f.Retract {
		r.Retract = append(r.Retract, retract{x.Low, x.High, x.Rationale})
	}
	for _, x := range f.Tool {
		r.Tool = append(r.Tool, x.Path)
	}
	return r
}

func parseWork(file string, data []byte, fix modfile.VersionFixer) interface{} {
	f, err := modfile.ParseWork(file, data, fix)
	if err != nil {
		return failure{err.Error()}
	}
	r := workResult{Godebug: godebugs(f.Godebug), Use: []string{}, Replace: replaces(f.Replace)}
	if f.Go != nil {
		r.Go = &f.Go.Version
	}
	if f.Toolchain != nil {
		r.Toolchain = &f.Toolchain.Name
	}
	for _, u := range f.Use {
		r.Use = append(r.Use, u.Path)
	}
	return r
}

type parseCase struct {
	Name       string      `json:"name"`
	Source     string      `json:"source"`
	File       string      `json:"file"`
	Data       string      `json:"data"`
	DataBase64 string      `json:"dataBase64,omitempty"`
	Fix        string      `json:"fix,omitempty"`
	Strict     interface{} `json:"strict,omitempty"`
	Lax        interface{} `json:"lax,omitempty"`
	Work       interface{} `json:"work,omitempty"`
}

func (c *parseCase) bytes() []byte {
	if c.DataBase64 == "" {
		return []byte(c.Data)
	}
	b, err := base64.StdEncoding.DecodeString(c.DataBase64)
	if err != nil {
		panic(err)
	}
	return b
}

type stringCase struct {
	Input       string `json:"input"`
	InputBase64 string `json:"inputBase64,omitempty"`
	Source      string `json:"source"`
	Expected    string `json:"expected"`
}

type testdataCase struct {
	Path   string      `json:"path"`
	Strict interface{} `json:"strict,omitempty"`
	Lax    interface{} `json:"lax,omitempty"`
	Work   interface{} `json:"work,omitempty"`
}

func read(dir, name string, v interface{}) {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		panic(fmt.Sprintf("%s: %v", name, err))
	}
}

func write(dir, name string, v interface{}) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
		panic(err)
	}
}

func main() {
	dir := os.Args[1]

	var parse struct {
		Cases []parseCase `json:"cases"`
	}
	read(dir, "parse.json", &parse)
	for i := range parse.Cases {
		c := &parse.Cases[i]
		c.Strict = parseMod(c.File, c.bytes(), fixer(c.Fix), true)
		c.Lax = parseMod(c.File, c.bytes(), fixer(c.Fix), false)
	}
	write(dir, "parse.json", parse)

	var work struct {
		Cases []parseCase `json:"cases"`
	}
	read(dir, "work.json", &work)
	for i := range work.Cases {
		c := &work.Cases[i]
		c.Work = parseWork(c.File, c.bytes(), fixer(c.Fix))
	}
	write(dir, "work.json", work)

	var paths struct {
		Cases []stringCase `json:"cases"`
	}
	read(dir, "modulepath.json", &paths)
	for i := range paths.Cases {
		c := &paths.Cases[i]
		c.Expected = modfile.ModulePath([]byte(c.Input))
	}
	write(dir, "modulepath.json", paths)

	var quotes struct {
		Cases []stringCase `json:"cases"`
	}
	read(dir, "autoquote.json", &quotes)
	for i := range quotes.Cases {
		c := &quotes.Cases[i]
		c.Expected = modfile.AutoQuote(c.Input)
	}
	write(dir, "autoquote.json", quotes)

	// Every file under testdata/, parsed the way upstream's TestPrintParse and
	// TestWorkPrintParse do (file name "testdata/<name>").
	var files []testdataCase
	err := filepath.Walk(filepath.Join(dir, "testdata"), func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		c := testdataCase{Path: rel}
		if strings.HasPrefix(rel, "testdata/work/") {
			c.Work = parseWork(rel, data, nil)
		} else {
			c.Strict = parseMod(rel, data, nil, true)
			c.Lax = parseMod(rel, data, nil, false)
		}
		files = append(files, c)
		return nil
	})
	if err != nil {
		panic(err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	write(dir, "testdata.json", map[string]interface{}{"files": files})
}
