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
}
