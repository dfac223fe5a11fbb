package dev.modgate.discovery;

import static org.assertj.core.api.Assertions.assertThat;

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
}
