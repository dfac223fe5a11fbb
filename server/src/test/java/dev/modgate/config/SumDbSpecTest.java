package dev.modgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.core.sumdb.note.NoteKeys;
import org.junit.jupiter.api.Test;

/** --sumdb takes GOSUMDB's syntax, with the go command's rules. */
class SumDbSpecTest {
    @Test void theDefaultIsSumGolangOrgWithItsKeyBuiltIn() {
        SumDbSpec s = SumDbSpec.parse(SumDbSpec.DEFAULT);
        assertThat(s.name()).isEqualTo("sum.golang.org");
        assertThat(s.verifierKey()).isEqualTo("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8");
        assertThat(s.url()).isNull();
        assertThat(SumDbSpec.parse("sum.golang.org https://mirror.example/sumdb/").url()).isEqualTo("https://mirror.example/sumdb");
    }

    @Test void sumGolangGoogleCnIsSumGolangOrgReachedThere() {
        SumDbSpec s = SumDbSpec.parse("sum.golang.google.cn");
        assertThat(s.name()).isEqualTo("sum.golang.org");
        assertThat(s.verifierKey()).isEqualTo(SumDbSpec.SUM_GOLANG_ORG_KEY);
        assertThat(s.url()).isEqualTo("https://sum.golang.google.cn");
    }

    @Test void offAndKeysAndUrls() {
        assertThat(SumDbSpec.parse("off")).isNull();
        String key = NoteKeys.generateKey("sumdb.corp.example/go").verifierKey();
        SumDbSpec s = SumDbSpec.parse("  " + key + "   http://10.0.0.1:8080/x  ");
        assertThat(s.name()).isEqualTo("sumdb.corp.example/go");
        assertThat(s.verifierKey()).isEqualTo(key);
        assertThat(s.url()).isEqualTo("http://10.0.0.1:8080/x");
        assertThat(SumDbSpec.parse(key).url()).isNull();
    }

    @Test void invalidOnesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SumDbSpec.parse("")).hasMessageContaining("missing");
        assertThatThrownBy(() -> SumDbSpec.parse("a b c")).hasMessageContaining("too many fields");
        assertThatThrownBy(() -> SumDbSpec.parse("sumdb.corp.example")).hasMessageContaining("needs its key");
        assertThatThrownBy(() -> SumDbSpec.parse("sum.golang.org ftp://x")).hasMessageContaining("invalid GOSUMDB URL");
        assertThatThrownBy(() -> SumDbSpec.parse(NoteKeys.generateKey("bad..name/").verifierKey())).hasMessageContaining("must be host[/path]");
        assertThatThrownBy(() -> SumDbSpec.parse(NoteKeys.generateKey("h/../x").verifierKey())).hasMessageContaining("must be host[/path]");
        assertThatThrownBy(() -> SumDbConfig.builder().publicDb(SumDbSpec.parse("sum.golang.org")).privateName("sum.golang.org").build()).hasMessageContaining("has the name");
        assertThatThrownBy(() -> SumDbConfig.builder().privateName("a b").build()).hasMessageContaining("must be host[/path]");
    }
}
