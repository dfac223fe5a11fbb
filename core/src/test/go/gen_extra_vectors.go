// Command gen_extra_vectors writes core/src/test/resources/vectors/modgate/x_mod_extra.json:
// outputs and exact error strings of golang.org/x/mod/module, golang.org/x/mod/semver, path.Match and
// strconv.Quote for inputs the upstream JSON vectors do not cover (tables of module_test.go and
// pseudo_test.go whose expected errors were not recorded, edge cases, and a seeded random sample).
//
// Run with the Debian packages golang-go and golang-golang-x-mod-dev (x/mod v0.7.0):
//
//	cd core/src/test/go && GO111MODULE=off GOPATH=/usr/share/gocode go run gen_extra_vectors.go > ../resources/vectors/modgate/x_mod_extra.json
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// str encodes a Go string for JSON: valid UTF-8 as a string, anything else as base64 bytes.
func str(s string) interface{} {
	if utf8.ValidString(s) {
		return s
	}
	return map[string]string{"base64": base64.StdEncoding.EncodeToString([]byte(s)), "goquoted": strconv.Quote(s)}
}

func errStr(err error) interface{} {
	if err == nil {
		return nil
	}
	return err.Error()
}

type obj = map[string]interface{}

// checkPathTests paths from module_test.go (upstream JSON records their check results but not
// what UnescapePath says about them).
var checkPathTests = []string{
	"x.y/z", "x.y", "", "x.y/\xFFz", "/x.y/z", "x./z", ".x/z", "-x/z", "x..y/z", "x.y/z/../../w", "x.y//z",
	"x.y/z//w", "x.y/z/", "x.y/z/v0", "x.y/z/v1", "x.y/z/v2", "x.y/z/v2.0", "X.y/z", "!x.y/z", "_x.y/z",
	"x.y!/z", "x.y\"/z", "x.y#/z", "x.y$/z", "x.y%/z", "x.y&/z", "x.y'/z", "x.y(/z", "x.y)/z", "x.y*/z",
	"x.y+/z", "x.y,/z", "x.y-/z", "x.y./zt", "x.y:/z", "x.y;/z", "x.y</z", "x.y=/z", "x.y>/z", "x.y?/z",
	"x.y@/z", "x.y[/z", "x.y\\/z", "x.y]/z", "x.y^/z", "x.y_/z", "x.y`/z", "x.y{/z", "x.y}/z", "x.y~/z",
	"x.y/z!", "x.y/z\"", "x.y/z#", "x.y/z$", "x.y/z%", "x.y/z&", "x.y/z'", "x.y/z(", "x.y/z)", "x.y/z*",
	"x.y/z++", "x.y/z,", "x.y/z-", "x.y/z.t", "x.y/z/t", "x.y/z:", "x.y/z;", "x.y/z<", "x.y/z=", "x.y/z>",
	"x.y/z?", "x.y/z@", "x.y/z[", "x.y/z\\", "x.y/z]", "x.y/z^", "x.y/z_", "x.y/z`", "x.y/z{", "x.y/z}",
	"x.y/z~", "x.y/x.foo", "x.y/aux.foo", "x.y/prn", "x.y/prn2", "x.y/com", "x.y/com1", "x.y/com1.txt",
	"x.y/calm1", "x.y/z~", "x.y/z~0", "x.y/z~09", "x.y/z09", "x.y/z09~", "x.y/z09~09z", "x.y/z09~09z~09",
	"github.com/!123/logrus", "github.com/user/unicode/испытание", "../x", "./y", "x:y", `\temp\foo`,
	".gitignore", ".github/ISSUE_TEMPLATE", "x☺y",
}

var extraPaths = []string{
	"\x00", "x.y/a\tb", "x.y/a\x7fb", "x.y/a\u00a0b", "x.y/a\u00adb", "x.y/a\u200bb", "x.y/\ufffd",
	"x.y/\U0001F600", "\xed\xa0\x80", "x.y/a\xc3", "x.y/\xc3\xa9\xff", "ＣＯＮ", "x.y/ＣＯＮ", "x.y/CoN.txt",
	"x.y/lpt9", "x.y/LPT0", "x.y/com10", "x.y/Z~1.go", "x.y/~1", "x.y/a~", "x.y/a~1b~2", "-", "x-y.z",
	"gopkg.in/yaml", "gopkg.in/yaml.v1-unstable", "gopkg.in/yaml.v2-unstable", "gopkg.in/v1", "gopkg.in/yaml.v01",
	"gopkg.in/yaml.v", "gopkg.in/user/yaml.v3", "x.y/v2/", "x.y/v02", "x.y/v2-unstable", "x.y/z/v10",
	"x.y/z/v1.0.0", "a.b/c/V2", "x.y/\u212Aelvin", "x.y/\u01C5", "x.y/a\u0301", "x.y/a\u2028b",
	"x.y/a\U000E0001", "x.y/\u00e9", "x.y/a b", "x.y/ a", "x.y/a.", "x.y/.a", "x.y/...", "x.y/a..b",
	"x.y/v2/v3", "x.y/v", "x.y/v0", "x.y/v1", "v2", "x/v2", "x.y/-a", "x-.y", "x.y.", "a.b.c.d/e",
	"example.com/m/v9999999999999999999999", "example.com/\"quoted\"", "example.com/back\\slash",
	"EXAMPLE.COM", "x.y/AUX", "x.y/aux~1", "x.y/con.", "x.y/nul.txt.gz", "x.y/COM¹",
	"x.y/a+b", "x.y/a@v1", "x.y/a#b", "x.y/\u0438", "x.y/\u0660", "x.y/a\u3000b", "x.y/\uE000",
	"x.y/\U0010FFFF", "x.y/\u0378",
}

var badUnescape = []string{
	"github.com/GoogleCloudPlatform/omega", "github.com/!google!cloud!platform!/omega",
	"github.com/!0google!cloud!platform/omega", "github.com/!_google!cloud!platform/omega",
	"github.com/!!google!cloud!platform/omega", "", "github.com/!", "x.y/!a", "x.y/é", "\xff", "rsc.io/quote/v1",
	"example.com/!u!p/v2", "rsc.io/!q!u!o!t!e", "x.y/!\xff", "x.y/a!",
}

var versions = []string{
	"v1.0.0", "v1.0.0-!r!c1", "!v1.0.0", "v1.0.0!", "v1.0.0-RC1", "", ".", "..", "v1.0.0.", "con", "!c!o!n",
	"v1/0", "v1~1", "v1 0", "v\xff", "é", "master", "!!", "!", "v1.0.0-!beta.!a!b!c", ".v1", "a~1", "x y",
	"\xed\xa0\x80", "v1\x00", "CON.v1", "v1.0.0+incompatible", "v1:0", "!1", "!A",
}

func randomString(r *rand.Rand, alphabet []string, max int) string {
	n := 1 + r.Intn(max)
	s := ""
	for i := 0; i < n; i++ {
		s += alphabet[r.Intn(len(alphabet))]
	}
	return s
}

func pathRecord(p string) obj {
	prefix, major, ok := module.SplitPathVersion(p)
	rec := obj{
		"path":          str(p),
		"checkPathErr":  errStr(module.CheckPath(p)),
		"importPathErr": errStr(module.CheckImportPath(p)),
		"filePathErr":   errStr(module.CheckFilePath(p)),
		"split":         obj{"prefix": str(prefix), "pathMajor": str(major), "ok": ok},
	}
	if esc, err := module.EscapePath(p); err != nil {
		rec["escapeErr"] = err.Error()
	} else {
		rec["escaped"] = esc
	}
	return rec
}

func main() {
	out := obj{"source": "golang.org/x/mod v0.7.0 and Go 1.19 path, strconv; generated by core/src/test/go/gen_extra_vectors.go"}

	// Paths: extra edge cases and a seeded random sample.
	var paths []obj
	for _, p := range extraPaths {
		paths = append(paths, pathRecord(p))
	}
	r := rand.New(rand.NewSource(1))
	alphabet := []string{"a", "b", "x", "y", "z", ".", ".", "/", "/", "-", "_", "~", "+", "!", "v", "2", "0", "1", "9",
		"A", "Z", " ", ":", "é", "\xff", "☺", "co", "n", "gopkg.in/", "CON", "~1", "/v", "\t"}
	for i := 0; i < 400; i++ {
		paths = append(paths, pathRecord(randomString(r, alphabet, 14)))
	}
	out["paths"] = paths

	var unescapePaths []obj
	for _, list := range [][]string{checkPathTests, badUnescape, extraPaths} {
		for _, in := range list {
			p, err := module.UnescapePath(in)
			unescapePaths = append(unescapePaths, obj{"escaped": str(in), "path": str(p), "err": errStr(err)})
		}
	}
	out["unescapePath"] = unescapePaths

	var vers []obj
	for _, v := range versions {
		esc, escErr := module.EscapeVersion(v)
		unesc, unescErr := module.UnescapeVersion(v)
		vers = append(vers, obj{"version": str(v), "escaped": str(esc), "escapeErr": errStr(escErr),
			"unescaped": str(unesc), "unescapeErr": errStr(unescErr)})
	}
	vers = append(vers, obj{"version": "é", "escaped": "", "escapeErr": errStr(func() error { _, err := module.EscapeVersion("é"); return err }()),
		"unescaped": "", "unescapeErr": errStr(func() error { _, err := module.UnescapeVersion("é"); return err }())})
	out["versions"] = vers

	// Check and CheckPathMajor.
	checkPaths := []string{"rsc.io/quote", "rsc.io/quote/v2", "gopkg.in/yaml.v2", "gopkg.in/yaml.v1", "gopkg.in/yaml.v2-unstable",
		"x.y/z/v1", "X.y/z", "example.com/m/v10"}
	checkVersions := []string{"v0.1.0", "v1.0.0", "v2.0.0", "v2.0.0+incompatible", "v2.1.0-pre+incompatible",
		"v0.0.0-20060102150405-abcdef123456", "v2.0.0-20060102150405-abcdef123456", "v10.0.0", "bad", "", "v1", "v2.0",
		"v1.0.0+meta", "v3.0.0+incompatible"}
	var checks []obj
	for _, p := range checkPaths {
		for _, v := range checkVersions {
			checks = append(checks, obj{"path": p, "version": v, "err": errStr(module.Check(p, v))})
		}
	}
	out["check"] = checks

	pathMajors := []string{"", "/v2", "/v3", ".v0", ".v1", ".v2", ".v1-unstable", ".v2-unstable", "v2", "/v1", "x", "/v10"}
	var pms []obj
	for _, pm := range pathMajors {
		for _, v := range checkVersions {
			pms = append(pms, obj{"v": v, "pathMajor": pm, "err": errStr(module.CheckPathMajor(v, pm)), "match": module.MatchPathMajor(v, pm)})
		}
	}
	out["checkPathMajor"] = pms

	var prefixes []obj
	for _, pm := range []string{"", "/v2", ".v1", ".v1-unstable", ".v0", "v2", "/v2.0", "/vx", "/v10", ".v-unstable"} {
		rec := obj{"pathMajor": pm}
		func() {
			defer func() {
				if e := recover(); e != nil {
					rec["panic"] = fmt.Sprint(e)
				}
			}()
			rec["prefix"] = module.PathMajorPrefix(pm)
		}()
		prefixes = append(prefixes, rec)
	}
	out["pathMajorPrefix"] = prefixes

	var canon []obj
	for _, v := range append(checkVersions, "v2.0.0+incompatible.x", "v1.2+incompatible", "v1.2.3-pre+incompatible") {
		canon = append(canon, obj{"v": v, "canonical": module.CanonicalVersion(v)})
	}
	out["canonicalVersion"] = canon

	// Pseudo-versions.
	pseudo := []string{
		"v1.2.3-pre.0.20060102150405-hash", "v0.0.0-20060102150405-hash", "v1.0.0-20060102150405-hash",
		"v1.2.0-20060102150405-hash", "v1.2.3-0.20060102150405-hash", "v1.2.3-1.20060102150405-hash",
		"v1.2.3-a.0.20060102150405-hash", "v1.2.3-a0.20060102150405-hash", "v0.0.0-2006010215040-hash",
		"v0.0.0-200601021504050-hash", "v0.0.0-20060102150405-ha-sh", "v0.0.0-20060102150405-hash+incompatible",
		"v0.0.0-20060102150405-hash+inc.ompat", "v0.0.0-20061302150405-hash", "v0.0.0-20060230150405-hash",
		"v0.0.0-20060102250405-hash", "v0.0.0-20060102156005-hash", "v0.0.0-20060102150460-hash",
		"v0.0.0-00000101000000-hash", "v0.0.0-20040229000000-hash", "v0.0.0-19000229000000-hash",
		"v0.0.0-00010101000000-000000000000", "v2.0.0-00010101000000-000000000000", "v0.0.0-00010101000000-000000000001",
		"---", "", "v1.2.3", "v1.2.4-0.20060102150405-HASH", "v1.2.3-0.0.20060102150405-hash",
		"v1.2.3-00.20060102150405-hash", "v1.2.3--0.20060102150405-hash", "v1.2.3-pre.0.20060102150405-hash+incompatible",
		"v1.10.0-0.20060102150405-hash", "v1.2.100-0.20060102150405-hash", "v1.2.3-x.y.0.20060102150405-h",
		"v1.2.3-0.20060102150405-h+meta", "v0.0.0-20060102150405-h", "v1.2.3-0.2006010215040a-hash",
		"v0.0.0-20060102150405-", "v0.0.0-20060102150405", "v0.0.0-0.20060102150405", "v0.0.0-x-20060102150405-hash",
		"v1.0.0-0.20060102150405-hash.x", "v0.0.0-20060102150405-hash+meta+x", "v1.2.3-rc.0.99999999999999-x",
		"v0.0.0-00000000000000-0", "v0.1.0-0.20060102150405-hash", "v1-0.20060102150405-hash",
	}
	var ps []obj
	for _, v := range pseudo {
		base, baseErr := module.PseudoVersionBase(v)
		tm, timeErr := module.PseudoVersionTime(v)
		rev, revErr := module.PseudoVersionRev(v)
		rec := obj{"version": v, "isPseudo": module.IsPseudoVersion(v), "isZero": module.IsZeroPseudoVersion(v),
			"base": base, "baseErr": errStr(baseErr), "rev": rev, "revErr": errStr(revErr), "timeErr": errStr(timeErr)}
		if timeErr == nil {
			rec["time"] = tm.Format(time.RFC3339Nano)
		}
		ps = append(ps, rec)
	}
	out["pseudo"] = ps

	type buildCase struct {
		major, older string
		sec          int64
		nsec         int64
		rev          string
	}
	var builds []obj
	for _, b := range []buildCase{
		{"v3", "bad", 1136214245, 0, "abc"},
		{"", "v1.2", 1136214245, 999999999, "abc"},
		{"", "v1.2.3-pre+build", 1136214245, 0, "abc"},
		{"", "v1.9.9", 1136214245, 0, "abc"},
		{"", "v1.0.0-rc.1", 1136214245, 0, "abc"},
		{"", "v1", 1136214245, 0, "abc"},
		{"v3", "v2.0.0", 1136214245, 0, "abc"},
		{"v1", "", -62135596800, 0, "000000000000"},
		{"v1", "", -62135596801, 0, "r"},
		{"v1", "", -62167219200 - 1, 0, "r"},
		{"v1", "", -62167219200 - 366*86400, 0, "r"},
		{"v1", "", 253402300800, 0, "r"},
		{"v1", "", 0, 0, "r"},
		{"v1", "", -1, 500000000, "r"},
		{"v1", "", 1700000000, 123, ""},
	} {
		t := time.Unix(b.sec, b.nsec).In(time.FixedZone("X", 5*3600+1800))
		builds = append(builds, obj{"major": b.major, "older": b.older, "unixSeconds": b.sec, "nanos": b.nsec, "rev": b.rev,
			"version": module.PseudoVersion(b.major, b.older, t, b.rev)})
	}
	out["pseudoBuild"] = builds

	zeros := obj{}
	for _, m := range []string{"", "v0", "v1", "v2", "bad"} {
		zeros[m] = module.ZeroPseudoVersion(m)
	}
	out["zeroPseudoVersion"] = zeros

	// path.Match: the matchTests table of path/match_test.go, then cases for multi-byte and invalid UTF-8.
	type matchCase struct{ pattern, s string }
	matchCases := []matchCase{
		{"abc", "abc"}, {"*", "abc"}, {"*c", "abc"}, {"a*", "a"}, {"a*", "abc"}, {"a*", "ab/c"}, {"a*/b", "abc/b"},
		{"a*/b", "a/c/b"}, {"a*b*c*d*e*/f", "axbxcxdxe/f"}, {"a*b*c*d*e*/f", "axbxcxdxexxx/f"},
		{"a*b*c*d*e*/f", "axbxcxdxe/xxx/f"}, {"a*b*c*d*e*/f", "axbxcxdxexxx/fff"}, {"a*b?c*x", "abxbbxdbxebxczzx"},
		{"a*b?c*x", "abxbbxdbxebxczzy"}, {"ab[c]", "abc"}, {"ab[b-d]", "abc"}, {"ab[e-g]", "abc"}, {"ab[^c]", "abc"},
		{"ab[^b-d]", "abc"}, {"ab[^e-g]", "abc"}, {"a\\*b", "a*b"}, {"a\\*b", "ab"}, {"a?b", "a☺b"}, {"a[^a]b", "a☺b"},
		{"a???b", "a☺b"}, {"a[^a][^a][^a]b", "a☺b"}, {"[a-ζ]*", "α"}, {"*[a-ζ]", "A"}, {"a?b", "a/b"}, {"a*b", "a/b"},
		{"[\\]a]", "]"}, {"[\\-]", "-"}, {"[x\\-]", "x"}, {"[x\\-]", "-"}, {"[x\\-]", "z"}, {"[\\-x]", "x"},
		{"[\\-x]", "-"}, {"[\\-x]", "a"}, {"[]a]", "]"}, {"[-]", "-"}, {"[x-]", "x"}, {"[x-]", "-"}, {"[x-]", "z"},
		{"[-x]", "x"}, {"[-x]", "-"}, {"[-x]", "a"}, {"\\", "a"}, {"[a-b-c]", "a"}, {"[", "a"}, {"[^", "a"},
		{"[^bc", "a"}, {"a[", "a"}, {"a[", "ab"}, {"a[", "x"}, {"a/b[", "x"}, {"*x", "xxx"},
		// Beyond the upstream table.
		{"*??", "€"}, {"*???", "€"}, {"*?", "éé"}, {"[à-ü]", "é"}, {"[^à-ü]", "é"}, {"[\xff]", "a"}, {"?", "\xff"},
		{"[^a]", "\xff"}, {"\xff", "\xff"}, {"*\xff", "a\xff"}, {"a\\", "a"}, {"[^]a]", "b"}, {"[^]", "a"}, {"[]", "a"},
		{"*[", "a"}, {"x*", "y[z"}, {"x*[", "y"}, {"[a-z]*\\", "q"}, {"*/*", "a/b"}, {"*", ""}, {"", ""}, {"", "a"},
		{"?", ""}, {"[a]", ""}, {"\\a", "a"}, {"[\\a-\\c]", "b"}, {"[*]", "*"}, {"[*]x*", "*x"}, {"a*b*", "a/b"},
		{"**", "ab"}, {"*a*", "bab"}, {"*[!]", "!"}, {"☺*", "☺☺"}, {"[☺-☻]", "☻"}, {"*b", "a☺b"},
		{"a[\\", "a"}, {"a[b-", "a"}, {"a[b-\\", "a"}, {"x[a-", "y"}, {"[a-\xff]", "a"},
	}
	var matches []obj
	for _, c := range matchCases {
		ok, err := path.Match(c.pattern, c.s)
		matches = append(matches, obj{"pattern": str(c.pattern), "name": str(c.s), "match": ok, "err": errStr(err)})
	}
	out["pathMatch"] = matches

	type prefixCase struct{ globs, target string }
	var mpps []obj
	for _, c := range []prefixCase{
		{"rsc.io/*", "rsc.io/quote"}, {"rsc.io/*", "rsc.io"}, {"RSC.io", "rsc.io/quote"}, {"*.corp.example.com", "git.corp.example.com/x/y"},
		{"*.corp.example.com", "corp.example.com/x"}, {"[", "rsc.io/quote"}, {"[,rsc.io", "rsc.io/quote"}, {"rsc.io/quote/", "rsc.io/quote"},
		{"\\r*", "rsc.io"}, {"rsc.io/quote/v3/extra", "rsc.io/quote/v3"}, {"*", ""}, {"", ""}, {",", "a"}, {"/,/", "a"},
		{"a//", "a/b"}, {"a/", "a"}, {"a//", "a"}, {"*/", "a/b/c"}, {"example.com/é*", "example.com/éx/y"},
		{"example.com/?", "example.com/\xff"}, {"x/*,y", "y/z"}, {"*,", "anything/at/all"}, {"a?c", "abc/d"}, {"a?c", "a/c"},
	} {
		mpps = append(mpps, obj{"globs": str(c.globs), "target": str(c.target), "want": module.MatchPrefixPatterns(c.globs, c.target)})
	}
	out["matchPrefixPatterns"] = mpps

	// Semver beyond the upstream table.
	semverInputs := []string{"v01", "v1.01", "v1.0.01", "v1.0.0-01", "v1.0.0-0", "v1.0.0+01", "v1.0.0-a..b", "v1.0.0-",
		"v1.0.0+", "v1.0.0-a+", "v", "", "1.0.0", "v1.0.0-é", "V1.0.0", "v1.0.0-a.", "v18446744073709551616.0.0",
		"v1.0.0-x.7.z.92", "v1.0.0-alpha+001", "v1.0.0+20130313144700", "v1.0.0-beta+exp.sha.5114f85", "v1.0.0-0.3.7",
		"v1.0.0-1a", "v1.0.0-a-b", "v1.0.0--", "v0.0.0", "v1.2.3.4", "v1.2.3-pre.01", "v1.2.3-pre.00a", "v1.2.3+b+c",
		"v1.2.3-pre-+b", "v99999999999999999999.0.0", "v100000000000000000000.0.0", "v1.0.0-9", "v1.0.0-10",
		"v1.0.0-a.9", "v1.0.0-a.10", "v1.0.0-A", "v1.0.0-a", "v1.0.0-Z", "v1.0.0-_", "v2", "v2.0", "v2.0.0+x", "v1.0", "v1.0.0", "é", "\U0001F600", "\uFFFD", "Z", "v1.0.0+b", "v1.0.0+a", "\xff"}
	var parts []obj
	for _, v := range semverInputs {
		parts = append(parts, obj{"in": str(v), "isValid": semver.IsValid(v), "canonical": semver.Canonical(v), "major": semver.Major(v),
			"majorMinor": semver.MajorMinor(v), "prerelease": semver.Prerelease(v), "build": semver.Build(v)})
	}
	out["semverParts"] = parts
	var matrix [][]int
	var maxes [][]interface{}
	for _, a := range semverInputs {
		var row []int
		var mrow []interface{}
		for _, b := range semverInputs {
			row = append(row, semver.Compare(a, b))
			mrow = append(mrow, str(semver.Max(a, b)))
		}
		matrix = append(matrix, row)
		maxes = append(maxes, mrow)
	}
	out["semverCompareMatrix"] = matrix
	out["semverMaxMatrix"] = maxes
	sorted := append([]string(nil), semverInputs...)
	semver.Sort(sorted)
	var sortedOut []interface{}
	for _, s := range sorted {
		sortedOut = append(sortedOut, str(s))
	}
	out["semverSorted"] = sortedOut

	// module.Sort on a list whose order Go's less function fully determines.
	list := []module.Version{
		{"rsc.io/quote", "v1.5.2/go.mod"}, {"rsc.io/quote", "v1.5.2"}, {"rsc.io/quote", "v1.10.0"},
		{"golang.org/x/text", "v0.3.0"}, {"rsc.io/quote", "v1.5.2-pre"}, {"rsc.io/quote", "v1.4.0/go.mod"},
		{"Rsc.io/quote", "v1.0.0"}, {"rsc.io/sampler", "v1.3.0"}, {"rsc.io/quote", ""}, {"rsc.io/quote/v3", "v3.0.0"},
		{"rsc.io/quote", "v1.5.2/zz"}, {"rsc.io/quote", "v1.4.0"}, {"example.com/é", "v1.0.0"}, {"example.com/z", "v1.0.0"},
	}
	module.Sort(list)
	out["moduleSort"] = list

	// strconv.Quote and QuoteRune, which shape every error message above.
	var quotes []obj
	for _, s := range []string{"", "plain", "tab\there", "nl\n", "\a\b\f\r\v", "\x00\x01\x1f\x7f", "quote\"", "back\\", "'",
		"\u00a0\u00ad\u00a1\u00ff\u0100", "\u0085", "\u200b\u2028\u2029\ufeff", "\ue000", "\U0010ffff", "\u0378",
		"\U0001F600", "a\u0301", "\ufffd", "\xff", "\xed\xa0\x80", "\xc3", "\xc3\xa9", "\xf0\x9f\x98", "\u3000", "\u2000",
		"\U000E0001", "\U0001D400", "\u0660", "испытание", "☺", "\u00ad", "\u061c", "\u180e", "\U000F0000"} {
		quotes = append(quotes, obj{"in": str(s), "quoted": strconv.Quote(s)})
	}
	out["quote"] = quotes
	var runes []obj
	for _, r := range []rune{'a', '\'', '"', '\\', 0, '\n', 0x7f, 0xa0, 0xad, 0xe9, 0x301, 0x2028, 0xfffd, 0xd800, 0x10ffff, 0x110000, -1, 0x1F600, 0xE0001} {
		runes = append(runes, obj{"rune": r, "quoted": strconv.QuoteRune(r)})
	}
	out["quoteRune"] = runes

	// Go byte order of strings, the tie-break of semver.Sort and module.Sort.
	order := []string{"a", "b", "\uE000", "\U0001F600", "\uFFFD", "\xff", "\xc3", "\xc3\xa9", "\xf0", "\xf0\x9f\x98\x80", "\xed\xa0\x80", "\ud7ff", "", "é", "ab"}
	sort.Strings(order)
	var orderOut []interface{}
	for _, s := range order {
		orderOut = append(orderOut, str(s))
	}
	out["stringOrder"] = orderOut

	writeLines(out)
}

// writeLines prints the object with one table row per line, which keeps the file small and diffable.
func writeLines(out obj) {
	var keys []string
	for k := range out {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w := os.Stdout
	fmt.Fprintln(w, "{")
	for i, k := range keys {
		kj, _ := json.Marshal(k)
		sep := ","
		if i == len(keys)-1 {
			sep = ""
		}
		rows, isList := toList(out[k])
		if !isList {
			vj, err := json.Marshal(out[k])
			if err != nil {
				panic(err)
			}
			fmt.Fprintf(w, "%s: %s%s\n", kj, vj, sep)
			continue
		}
		fmt.Fprintf(w, "%s: [\n", kj)
		for j, row := range rows {
			rj, err := json.Marshal(row)
			if err != nil {
				panic(err)
			}
			rowSep := ","
			if j == len(rows)-1 {
				rowSep = ""
			}
			fmt.Fprintf(w, "  %s%s\n", rj, rowSep)
		}
		fmt.Fprintf(w, "]%s\n", sep)
	}
	fmt.Fprintln(w, "}")
}

func toList(v interface{}) ([]interface{}, bool) {
	switch l := v.(type) {
	case []obj:
		var out []interface{}
		for _, x := range l {
			out = append(out, x)
		}
		return out, true
	case []interface{}:
		return l, true
	case [][]int:
		var out []interface{}
		for _, x := range l {
			out = append(out, x)
		}
		return out, true
	case [][]interface{}:
		var out []interface{}
		for _, x := range l {
			out = append(out, x)
		}
		return out, true
	case []module.Version:
		var out []interface{}
		for _, x := range l {
			out = append(out, x)
		}
		return out, true
	}
	return nil, false
}
