package dev.modgate.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpstreamListTest {
    @Test void parsesTheGoproxySyntax() {
        UpstreamList l = UpstreamList.parse("https://a.example, http://b.example/sub/ | file:///srv/tree,direct,https://ignored");
        assertThat(l.entries()).extracting(UpstreamList.Entry::display)
                .containsExactly("https://a.example", "http://b.example/sub", "file:///srv/tree", "direct");
        assertThat(l.entries()).extracting(UpstreamList.Entry::fallBackOnAnyError).containsExactly(false, true, false, false);
        assertThat(l.toString()).isEqualTo("https://a.example,http://b.example/sub|file:///srv/tree,direct");
    }

    @Test void bareHostsMeanHttpsAndOffEndsTheList() {
        assertThat(UpstreamList.parse("proxy.example.com,off,direct").entries()).extracting(UpstreamList.Entry::display)
                .containsExactly("https://proxy.example.com", "off");
        assertThat(UpstreamList.parse("localhost:8080").entries().getFirst().url()).isEqualTo("https://localhost:8080");
    }

    @Test void emptyEntriesAreSkippedButAnEmptyListIsAnError() {
        assertThat(UpstreamList.parse(" , direct").entries()).hasSize(1);
        assertThatThrownBy(() -> UpstreamList.parse(" , ")).hasMessageContaining("contains no entries");
        assertThatThrownBy(() -> UpstreamList.parse("ftp://x")).hasMessageContaining("http://, https:// or file://");
    }

    /** Lists the go command would take and then fail on every request, or that are no list at all: refused at start. */
    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            https://proxy.golang.org;direct => invalid upstream "https://proxy.golang.org;direct": "proxy.golang.org;direct" is not a host[:port]; separate GOPROXY entries with "," (the next is tried after a 404 or 410) or "|" (after any error)
            https://a b.example => invalid upstream "https://a b.example": not a URL (Illegal character in authority at index 9); separate GOPROXY entries with "," (the next is tried after a 404 or 410) or "|" (after any error)
            https://u:secret@a_b;c => invalid upstream "https://a_b;c": "a_b;c" is not a host[:port]; separate GOPROXY entries with "," (the next is tried after a 404 or 410) or "|" (after any error)
            https:// => invalid upstream "https://": not a URL (Expected authority at index 8)
            file://host/srv/tree => invalid upstream "file://host/srv/tree": a file:// upstream is a path only: file:///ABSOLUTE/PATH
            file:///srv/tree?x=1 => invalid upstream "file:///srv/tree?x=1": a file:// upstream is a path only: file:///ABSOLUTE/PATH
            htps://proxy.golang.org => invalid upstream "htps://proxy.golang.org": must be an http://, https:// or file:// URL, direct or off
            /srv/tree => invalid upstream "/srv/tree": must be an http://, https:// or file:// URL, direct or off
            """)
    void malformedEntriesAreRefusedWithTheReason(String list, String message) {
        assertThatThrownBy(() -> UpstreamList.parse(list)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test void wellFormedUrlsStillParse() {
        assertThat(UpstreamList.parse("https://u:p@proxy.example:8443/sub|http://[::1]:3000,file:///srv/a%20b/,direct").entries())
                .extracting(UpstreamList.Entry::display)
                .containsExactly("https://proxy.example:8443/sub", "http://[::1]:3000", "file:///srv/a%20b", "direct");
    }

    @Test void userinfoBecomesCredentialsForThatHostAndPortAndIsNeverShown() {
        UpstreamList l = UpstreamList.parse("https://alice:s%40cret@proxy.example:8443/go,direct");
        assertThat(l.toString()).isEqualTo("https://proxy.example:8443/go,direct");
        assertThat(l.entries().getFirst().url()).isEqualTo("https://proxy.example:8443/go");
        dev.modgate.auth.Credentials c = l.credentials(dev.modgate.auth.Credentials.NONE);
        assertThat(c.forUri(java.net.URI.create("https://proxy.example:8443/go/x/@v/list"))).isEqualTo(new dev.modgate.auth.HostCredentials("alice", "s@cret"));
        assertThat(c.forUri(java.net.URI.create("https://proxy.example/x"))).isNull();
        assertThat(c.forUri(java.net.URI.create("https://proxy.example:9443/x"))).isNull();
        assertThatThrownBy(() -> UpstreamList.parse("ftp://bob:hunter2@x")).hasMessageNotContaining("hunter2");
    }
}
