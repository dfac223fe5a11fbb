package dev.modgate.core.vcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Dot-segments in repository URLs, in every spelling a server or file:// transport could decode. */
class RepoUrlsTest {
    @Test
    void dotSegmentsAreFoundInEverySpelling() {
        for (String u : List.of("https://h/../x", "https://h/a/..", "https://h/./x", "https://h/%2e%2e/x", "https://h/%2E%2E/x",
                "https://h/.%2E/x", "https://h/%2e./x", "https://h/x/..%2fy", "https://h/x%2f..%2fy", "https://h/%252e%252e/x",
                "https://h/x\\..\\y", "https://h/x/..;/y", "file:///srv/git/../secret", "https://h/x?/../y", "ssh://git@h/../x")) {
            assertThat(RepoUrls.hasDotSegment(u)).as(u).isTrue();
            assertThatThrownBy(() -> RepoUrls.requireNoDotSegments(u)).isInstanceOf(ImportPathException.class);
        }
    }

    @Test
    void ordinaryRepositoryUrlsPass() throws Exception {
        for (String u : List.of("https://github.com/a/b", "https://h/a.b/c..d/x.git", "https://h/...", "https://h/.git",
                "https://h/%7Euser/x", "https://user:p%2e%2e@h/x", "file:///srv/git/corp/x", "https://h")) {
            assertThat(RepoUrls.hasDotSegment(u)).as(u).isFalse();
            RepoUrls.requireNoDotSegments(u);
        }
    }
}
