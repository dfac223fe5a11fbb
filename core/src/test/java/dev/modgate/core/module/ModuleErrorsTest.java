package dev.modgate.core.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Error texts of module.ModuleError, InvalidVersionError and InvalidPathError, and the invalid-UTF-8 convention. */
class ModuleErrorsTest {

    @Test
    void moduleErrorAroundInvalidVersionNamesTheVersionAndNoun() {
        var e = new ModuleException("rsc.io/quote", "", new InvalidVersionException("v17.0.0", false, "should be v0 or v1, not v17"));
        assertThat(e).hasMessage("rsc.io/quote@v17.0.0: invalid version: should be v0 or v1, not v17");
        var pseudo = new ModuleException("m.org/x", "v1.0.0", new InvalidVersionException("v0.0.0-x", true, "syntax error"));
        assertThat(pseudo).hasMessage("m.org/x@v0.0.0-x: invalid pseudo-version: syntax error");
    }

    @Test
    void moduleErrorWithOrWithoutVersion() {
        assertThat(new ModuleException("m.org/x", "v1.2.3", new ModuleRuleException("zip too large")))
                .hasMessage("m.org/x@v1.2.3: zip too large");
        assertThat(new ModuleException("m.org/x", "", new ModuleRuleException("no go.mod")))
                .hasMessage("module m.org/x: no go.mod");
    }

    @Test
    void versionErrorReusesAMatchingModuleError() {
        var mv = new ModuleVersion("m.org/x", "v1.0.0");
        var inner = new ModuleException("m.org/x", "v1.0.0", new ModuleRuleException("bad"));
        assertThat(ModuleException.of(mv, inner)).isSameAs(inner);
        assertThat(ModuleException.of(mv, new RuntimeException("wrapped", inner))).isSameAs(inner);

        var other = ModuleException.of(new ModuleVersion("m.org/y", "v1.0.0"), inner);
        assertThat(other).isNotSameAs(inner).hasCause(inner)
                .hasMessage("m.org/y@v1.0.0: m.org/x@v1.0.0: bad");
    }

    @Test
    void invalidVersionAndPathMessages() {
        assertThat(new InvalidVersionException("v1!", false, "disallowed version string"))
                .hasMessage("version \"v1!\" invalid: disallowed version string");
        assertThat(new InvalidVersionException("v0.0.0-", true, "syntax error"))
                .hasMessage("pseudo-version \"v0.0.0-\" invalid: syntax error");
        assertThat(new InvalidPathException(PathKind.FILE, "a\tb", "invalid char '\\t'"))
                .hasMessage("malformed file path \"a\\tb\": invalid char '\\t'");
    }

    @Test
    void checkReportsPathErrorsAsInvalidPathAndVersionErrorsAsModuleErrors() {
        assertThatThrownBy(() -> ModulePath.check("rsc io/quote", "v1.0.0"))
                .isInstanceOf(InvalidPathException.class);
        assertThatThrownBy(() -> ModulePath.check("rsc.io/quote", "v17.0.0"))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.path()).isEqualTo("rsc.io/quote");
                    assertThat(e.version()).isEmpty();
                    assertThat(e.getCause()).isInstanceOf(InvalidVersionException.class);
                });
    }

    /** A lone surrogate in a Java string is invalid UTF-8, printed as the bytes Go would hold for it. */
    @Test
    void loneSurrogateIsInvalidUtf8() {
        String want = "malformed module path \"x.y/\\xed\\xa0\\x80z\": invalid UTF-8";
        assertThatThrownBy(() -> ModulePath.checkPath("x.y/\uD800z")).hasMessage(want);
        byte[] bytes = {'x', '.', 'y', '/', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'z'};
        assertThatThrownBy(() -> ModulePath.checkPath(bytes)).hasMessage(want);
        assertThatThrownBy(() -> ModulePath.checkFilePath("x.y/\uDCFFz"))
                .hasMessage("malformed file path \"x.y/\\xffz\": invalid UTF-8");
        assertThatThrownBy(() -> CaseEncoding.escapeVersion("v1\uD800"))
                .hasMessage("version \"v1\\xed\\xa0\\x80\" invalid: disallowed version string");
    }

    @Test
    void byteOverloadsReturnTheDecodedPath() {
        byte[] bytes = "example.com/dir/ф.go".getBytes(StandardCharsets.UTF_8);
        assertThat(ModulePath.checkFilePath(bytes)).isEqualTo("example.com/dir/ф.go");
        assertThat(CaseEncoding.unescapePath("github.com/!azure/x".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("github.com/Azure/x");
        assertThat(CaseEncoding.unescapeVersion("v1.0.0-!r!c1".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("v1.0.0-RC1");
    }

    @Test
    void parsedPatternListIsReusable() {
        PathPatterns patterns = PathPatterns.of("*.corp.example.com,rsc.io/private/");
        assertThat(patterns.matches("git.corp.example.com/a/b")).isTrue();
        assertThat(patterns.matches("rsc.io/private/x")).isTrue();
        assertThat(patterns.matches("rsc.io/public")).isFalse();
        assertThat(patterns.isEmpty()).isFalse();
        assertThat(patterns).hasToString("*.corp.example.com,rsc.io/private/");
        assertThat(PathPatterns.of(",,/").isEmpty()).isTrue();
    }
}
