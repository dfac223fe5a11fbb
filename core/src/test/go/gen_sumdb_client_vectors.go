// Command gen_sumdb_client_vectors writes core/src/test/resources/vectors/modgate/sumdb_client.json:
// what golang.org/x/mod/sumdb.Client does in the scenarios of x/mod's client_test.go (TestClientLookup,
// TestClientBadTiles, TestClientFork, TestClientGONOSUMDB) and a few more failure cases: each lookup's
// result or exact error text, the remote paths it read (sorted: the client reads tiles in parallel), the
// security report, and the configuration and cache files afterwards. The harness below is client_test.go's
// testClient, rebuilt on x/mod's exported API.
//
// Run with the Debian packages golang-go and golang-golang-x-mod-dev (x/mod v0.7.0):
//
//	cd core/src/test/go && GO111MODULE=off GOPATH=/usr/share/gocode go run gen_sumdb_client_vectors.go > ../resources/vectors/modgate/sumdb_client.json
//
// None of these scenarios involves the hash of the empty tree, the one difference between v0.7.0 and
// current x/mod that affects the client.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const (
	testName        = "localhost.localdev/sumdb"
	testVerifierKey = "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6"
	testSignerKey   = "PRIVATE+KEY+localhost.localdev/sumdb+00000c67+AXu6+oaVaOYuQOFrf1V59JK1owcFlJcHwwXHDfDGxSPk"
)

type testClient struct {
	client     *sumdb.Client
	tileHeight int
	getOK      bool
	getTileOK  bool
	treeSize   int64
	hashes     []tlog.Hash
	remote     map[string][]byte
	signer     note.Signer
	nosumdb    string

	mu       sync.Mutex
	config   map[string][]byte
	cache    map[string][]byte
	security bytes.Buffer
	reads    []string
}

func newTestClient() *testClient {
	tc := &testClient{
		tileHeight: 2,
		getOK:      true,
		getTileOK:  true,
		config:     make(map[string][]byte),
		cache:      make(map[string][]byte),
		remote:     make(map[string][]byte),
	}
	tc.config["key"] = []byte(testVerifierKey + "\n")
	var err error
	tc.signer, err = note.NewSigner(testSignerKey)
	check(err)
	tc.newClient()
	tc.addRecord("rsc.io/quote@v1.5.2", "rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\nrsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=\nrsc.io/quote v1.5.2 h2:xyzzy\n")
	tc.addRecord("golang.org/x/text@v0.0.0-20170915032832-14c0d48ead0c", "golang.org/x/text v0.0.0-20170915032832-14c0d48ead0c h1:qgOY6WgZOaTkIIMiVjBQcw93ERBE4m30iBm00nkL0i8=\ngolang.org/x/text v0.0.0-20170915032832-14c0d48ead0c/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=\n")
	tc.addRecord("rsc.io/sampler@v1.3.0", "rsc.io/sampler v1.3.0 h1:7uVkIFmeBqHfdjD+gZwtXXI+RODJ2Wc4O7MPEh/QiW4=\nrsc.io/sampler v1.3.0/go.mod h1:T1hPZKmBbMNahiBKFy5HrXp6adAjACjK9JXDnKaTXpA=\n")
	tc.config[testName+"/latest"] = tc.signTree(1)
	tc.addRecord("rsc.io/!quote@v1.5.2", "rsc.io/Quote v1.5.2 h1:uppercase!=\n")
	return tc
}

func (tc *testClient) newClient() {
	tc.client = sumdb.NewClient(tc)
	tc.client.SetTileHeight(tc.tileHeight)
	if tc.nosumdb != "" {
		tc.client.SetGONOSUMDB(tc.nosumdb)
	}
}

func (tc *testClient) fork() *testClient {
	tc2 := &testClient{
		getOK: tc.getOK, getTileOK: tc.getTileOK, tileHeight: tc.tileHeight, treeSize: tc.treeSize,
		hashes: append([]tlog.Hash{}, tc.hashes...), signer: tc.signer,
		config: copyMap(tc.config), cache: copyMap(tc.cache), remote: copyMap(tc.remote),
	}
	tc2.newClient()
	return tc2
}

func copyMap(m map[string][]byte) map[string][]byte {
	m2 := make(map[string][]byte)
	for k, v := range m {
		m2[k] = v
	}
	return m2
}

func (tc *testClient) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	var list []tlog.Hash
	for _, id := range indexes {
		list = append(list, tc.hashes[id])
	}
	return list, nil
}

func (tc *testClient) addRecord(key, data string) {
	id := tc.treeSize
	tc.treeSize++
	rec, err := tlog.FormatRecord(id, []byte(data))
	check(err)
	hashes, err := tlog.StoredHashesForRecordHash(id, tlog.RecordHash([]byte(data)), tc)
	check(err)
	tc.hashes = append(tc.hashes, hashes...)
	tc.remote["/lookup/"+key] = append(rec, tc.signTree(tc.treeSize)...)
	for _, tile := range tlog.NewTiles(tc.tileHeight, id, tc.treeSize) {
		data, err := tlog.ReadTileData(tile, tc)
		check(err)
		tc.remote["/"+tile.Path()] = data
	}
}

func (tc *testClient) signTree(size int64) []byte {
	h, err := tlog.TreeHash(size, tc)
	check(err)
	data, err := note.Sign(&note.Note{Text: string(tlog.FormatTree(tlog.Tree{N: size, Hash: h}))}, tc.signer)
	check(err)
	return data
}

func (tc *testClient) ReadRemote(path string) ([]byte, error) {
	tc.mu.Lock()
	tc.reads = append(tc.reads, path)
	tc.mu.Unlock()
	if !tc.getOK {
		return nil, fmt.Errorf("disallowed remote read %s", path)
	}
	if strings.Contains(path, "/tile/") && !tc.getTileOK {
		return nil, fmt.Errorf("disallowed remote tile read %s", path)
	}
	data, ok := tc.remote[path]
	if !ok {
		return nil, fmt.Errorf("no remote path %s", path)
	}
	return data, nil
}

func (tc *testClient) ReadConfig(file string) ([]byte, error) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	data, ok := tc.config[file]
	if !ok {
		return nil, fmt.Errorf("no config %s", file)
	}
	return data, nil
}

func (tc *testClient) WriteConfig(file string, old, new []byte) error {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if !bytes.Equal(old, tc.config[file]) {
		return sumdb.ErrWriteConflict
	}
	tc.config[file] = new
	return nil
}

func (tc *testClient) ReadCache(file string) ([]byte, error) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	data, ok := tc.cache[file]
	if !ok {
		return nil, fmt.Errorf("no cache %s", file)
	}
	return data, nil
}

func (tc *testClient) WriteCache(file string, data []byte) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	tc.cache[file] = data
}

func (tc *testClient) Log(msg string) {}

func (tc *testClient) SecurityError(msg string) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	fmt.Fprintf(&tc.security, "%s\n", strings.TrimRight(msg, "\n"))
}

func (tc *testClient) flipTileBits() {
	for url, data := range tc.remote {
		if strings.Contains(url, "/tile/") {
			for i := range data {
				data[i] ^= 0x80
			}
		}
	}
}

// step is one action of a scenario and what the client did.
type step struct {
	Action string   `json:"action"`
	Path   string   `json:"path,omitempty"`
	Vers   string   `json:"vers,omitempty"`
	Arg    string   `json:"arg,omitempty"`
	Lines  []string `json:"lines,omitempty"`
	Err    *string  `json:"err,omitempty"`
	Reads  []string `json:"reads,omitempty"`
	Latest *string  `json:"latest,omitempty"` // the config's latest tree note after the step
}

type scenario struct {
	Name     string            `json:"name"`
	Steps    []step            `json:"steps"`
	Security string            `json:"security"`
	Cache    map[string]string `json:"cacheKeys"` // cache file -> size in bytes, after the scenario
}

type recorder struct {
	sc *scenario
	tc *testClient
}

func (r *recorder) do(action, path, vers, arg string) {
	tc := r.tc
	tc.reads = nil
	st := step{Action: action, Path: path, Vers: vers, Arg: arg}
	switch action {
	case "lookup":
		lines, err := tc.client.Lookup(path, vers)
		st.Lines = lines
		if err != nil {
			s := err.Error()
			st.Err = &s
		}
	case "newClient":
		tc.newClient()
	case "flipTileBits":
		tc.flipTileBits()
	case "getOK":
		tc.getOK = arg == "true"
	case "getTileOK":
		tc.getTileOK = arg == "true"
	case "badLatest": // a signed tree head for size 1 with an all-zero hash
		data, err := note.Sign(&note.Note{Text: string(tlog.FormatTree(tlog.Tree{N: 1}))}, tc.signer)
		check(err)
		tc.config[testName+"/latest"] = data
	default:
		panic(action)
	}
	st.Reads = append([]string(nil), tc.reads...)
	sort.Strings(st.Reads)
	l := string(tc.config[testName+"/latest"])
	st.Latest = &l
	r.sc.Steps = append(r.sc.Steps, st)
}

func (r *recorder) finish() scenario {
	r.sc.Security = r.tc.security.String()
	r.sc.Cache = map[string]string{}
	for k, v := range r.tc.cache {
		r.sc.Cache[k] = fmt.Sprint(len(v))
	}
	return *r.sc
}

func main() {
	var out []scenario

	// TestClientLookup.
	{
		r := &recorder{&scenario{Name: "lookup"}, newTestClient()}
		r.do("lookup", "rsc.io/sampler", "v1.3.0", "")
		r.do("getOK", "", "", "false")
		r.do("lookup", "rsc.io/sampler", "v1.3.0", "")
		r.do("lookup", "rsc.io/sampler", "v1.3.0/go.mod", "")
		r.do("getOK", "", "", "true")
		r.do("getTileOK", "", "", "false")
		r.do("lookup", "rsc.io/quote", "v1.5.2", "")
		r.do("getTileOK", "", "", "true")
		r.do("lookup", "rsc.io/Quote", "v1.5.2", "")
		out = append(out, r.finish())
	}

	// TestClientBadTiles.
	{
		r := &recorder{&scenario{Name: "badTiles"}, newTestClient()}
		r.do("flipTileBits", "", "", "")
		r.do("lookup", "rsc.io/sampler", "v1.3.0", "")
		r.do("flipTileBits", "", "", "")
		r.do("newClient", "", "", "")
		r.do("lookup", "rsc.io/sampler", "v1.3.0", "")
		r.do("flipTileBits", "", "", "")
		r.do("lookup", "rsc.io/Quote", "v1.5.2", "")
		r.do("flipTileBits", "", "", "")
		r.do("newClient", "", "", "")
		r.do("lookup", "rsc.io/Quote", "v1.5.2", "")
		r.do("newClient", "", "", "")
		r.do("badLatest", "", "", "")
		r.do("lookup", "rsc.io/sampler", "v1.3.0", "")
		out = append(out, r.finish())
	}

	// TestClientFork: tc and tc2 share history up to tree 4, then diverge; tc2 is shown tc's tree 5.
	{
		tc := newTestClient()
		tc2 := tc.fork()
		tc.addRecord("rsc.io/pkg1@v1.5.2", "rsc.io/pkg1 v1.5.2 h1:hash!=\n")
		tc.addRecord("rsc.io/pkg1@v1.5.4", "rsc.io/pkg1 v1.5.4 h1:hash!=\n")
		r1 := &recorder{&scenario{Name: "forkOriginal"}, tc}
		r1.do("lookup", "rsc.io/pkg1", "v1.5.2", "")
		out = append(out, r1.finish())

		tc2.addRecord("rsc.io/pkg1@v1.5.3", "rsc.io/pkg1 v1.5.3 h1:hash!=\n")
		tc2.addRecord("rsc.io/pkg1@v1.5.4", "rsc.io/pkg1 v1.5.4 h1:hash!=\n")
		r2 := &recorder{&scenario{Name: "fork"}, tc2}
		r2.do("lookup", "rsc.io/pkg1", "v1.5.4", "")
		key := "/lookup/rsc.io/pkg1@v1.5.2"
		tc2.remote[key] = tc.remote[key]
		r2.do("lookup", "rsc.io/pkg1", "v1.5.2", "")
		out = append(out, r2.finish())
	}

	// TestClientGONOSUMDB.
	{
		tc := newTestClient()
		tc.nosumdb = "p,*/q"
		tc.newClient()
		r := &recorder{&scenario{Name: "gonosumdb"}, tc}
		r.do("lookup", "rsc.io/sampler", "v1.3.0", "")
		r.do("getOK", "", "", "false")
		for _, p := range []string{"abc", "a/p", "pq", "q", "n/o/p/q", "p", "p/x", "x/q", "x/q/z"} {
			r.do("lookup", p, "v1.0.0", "")
		}
		out = append(out, r.finish())
	}

	// Failures: unknown module, bad path, records outside the tree or not matching it, a bad signature.
	{
		tc := newTestClient()
		r := &recorder{&scenario{Name: "failures"}, tc}
		r.do("lookup", "rsc.io/nonexist", "v1.0.0", "")
		r.do("lookup", "Bad Path", "v1.0.0", "")
		r.do("lookup", "rsc.io/sampler", "v1.3.0+bad!", "")
		tc.remote["/lookup/rsc.io/x@v1.0.0"] = []byte("12\nrsc.io/x v1.0.0 h1:x=\n\n")
		r.do("lookup", "rsc.io/x", "v1.0.0", "")
		tc.remote["/lookup/rsc.io/y@v1.0.0"] = append([]byte("2\nrsc.io/y v1.0.0 h1:x=\n\n"), tc.signTree(4)...)
		r.do("lookup", "rsc.io/y", "v1.0.0", "")
		tc.remote["/lookup/rsc.io/z@v1.0.0"] = append([]byte("7\nrsc.io/z v1.0.0 h1:x=\n\n"), tc.signTree(4)...)
		r.do("lookup", "rsc.io/z", "v1.0.0", "")
		badSig := strings.Replace(string(tc.signTree(4)), "go.sum database tree\n4\n", "go.sum database tree\n3\n", 1)
		tc.remote["/lookup/rsc.io/w@v1.0.0"] = append([]byte("2\nrsc.io/w v1.0.0 h1:x=\n\n"), badSig...)
		r.do("lookup", "rsc.io/w", "v1.0.0", "")
		tc.remote["/lookup/rsc.io/v@v1.0.0"] = []byte("2\nrsc.io/v v1.0.0 h1:x=\n")
		r.do("lookup", "rsc.io/v", "v1.0.0", "")
		tc.remote["/lookup/rsc.io/u@v1.0.0"] = append([]byte("2\nrsc.io/u v1.0.0 h1:x=\n\n"), []byte("go.sum database tree\n4\nnot a hash\n\n")...)
		r.do("lookup", "rsc.io/u", "v1.0.0", "")
		out = append(out, r.finish())
	}

	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	check(enc.Encode(map[string]interface{}{
		"source":    "golang.org/x/mod v0.7.0 sumdb.Client, harness of sumdb/client_test.go (core/src/test/go/gen_sumdb_client_vectors.go)",
		"verifier":  testVerifierKey,
		"signer":    testSignerKey,
		"scenarios": out,
	}))
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}
