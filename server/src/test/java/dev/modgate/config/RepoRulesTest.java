package dev.modgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Configured repositories for module path prefixes, and insteadOf-style URL rewrites. */
class RepoRulesTest {
    @Test
    void theMostSpecificRepoRuleWins() {
        List<RepoRule> rules = List.of(
                new RepoRule("git.corp.example/*/*", "https://git.corp.example/$1/$2.git"),
                new RepoRule("git.corp.example/platform/tools", "ssh://git@git.corp.example/platform/tools.git"));
        assertThat(RepoRule.best(rules, "git.corp.example/team/lib/sub/v2")).hasValue(
                new RepoRule.Match("git.corp.example/team/lib", "https://git.corp.example/team/lib.git"));
        assertThat(RepoRule.best(rules, "git.corp.example/platform/tools/cmd")).hasValue(
                new RepoRule.Match("git.corp.example/platform/tools", "ssh://git@git.corp.example/platform/tools.git"));
        assertThat(RepoRule.best(rules, "git.corp.example/team")).isEmpty();
        assertThat(RepoRule.best(rules, "github.com/a/b")).isEmpty();
    }

    @Test
    void rewritesUseTheLongestMatchingPrefix() {
        List<UrlRewrite> rw = List.of(new UrlRewrite("https://github.com/", "https://mirror.example/gh/"),
                new UrlRewrite("https://github.com/corp/", "file:///srv/git/corp/"));
        assertThat(UrlRewrite.apply(rw, "https://github.com/a/b")).isEqualTo("https://mirror.example/gh/a/b");
        assertThat(UrlRewrite.apply(rw, "https://github.com/corp/x")).isEqualTo("file:///srv/git/corp/x");
        assertThat(UrlRewrite.apply(rw, "https://gitlab.com/a/b")).isEqualTo("https://gitlab.com/a/b");
    }

    @Test
    void rewritesMatchAtABoundaryAndNeverLeaveTheirTarget() {
        List<UrlRewrite> rw = List.of(new UrlRewrite("https://git.corp.example", "file:///srv/git/corp"));
        assertThat(UrlRewrite.apply(rw, "https://git.corp.example/x")).isEqualTo("file:///srv/git/corp/x");
        // git's insteadOf would send this to file:///srv/git/corp.evil.test/x, a sibling of the target.
        assertThat(UrlRewrite.apply(rw, "https://git.corp.example.evil.test/x")).isEqualTo("https://git.corp.example.evil.test/x");
        for (String escape : List.of("https://git.corp.example/../x", "https://git.corp.example/a/%2e%2E/../x", "https://git.corp.example/%2e%2e%2fx")) {
            assertThatThrownBy(() -> UrlRewrite.apply(rw, escape)).as(escape).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("leaves its rewrite target").hasMessageNotContaining("/srv/git");
        }
    }

    @Test
    void configuredUrlsMayNotHoldDotSegments() {
        assertThatThrownBy(() -> new RepoRule("corp.example/*", "https://git.corp.example/../$1.git")).hasMessageContaining("\"..\"");
        assertThatThrownBy(() -> new UrlRewrite("https://git.corp.example/", "file:///srv/git/%2e%2e/")).hasMessageContaining("\"..\"");
    }
}
