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
