package dev.modgate.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** base64.StdEncoding.DecodeString's rules (encoding/base64 decode tests), where Java's decoder differs. */
class GoBase64Test {
    @Test
    void decodesPaddedInput() {
        assertThat(GoBase64.decode("")).isEmpty();
        assertThat(GoBase64.decode("YQ==")).containsExactly('a');
        assertThat(GoBase64.decode("YWI=")).containsExactly('a', 'b');
        assertThat(GoBase64.decode("YWJj")).containsExactly('a', 'b', 'c');
        // Go skips CR and LF anywhere.
        assertThat(GoBase64.decode("Y\r\nWJ\nj")).containsExactly('a', 'b', 'c');
        assertThat(GoBase64.decode("YQ=\n=")).containsExactly('a');
        // Non-zero trailing bits are accepted (StdEncoding is not Strict).
        assertThat(GoBase64.decode("YR==")).containsExactly('a');
    }

    @Test
    void rejectsWhatGoRejects() {
        for (String bad : new String[] {"YQ", "YWI", "Y", "====", "Y===", "YQ==YQ==", "YQ=a", "YW I=", "YWJj\t",
                "YW-j", "YW_j", "\u00e9WJj"}) {
            assertThatThrownBy(() -> GoBase64.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void encodes() {
        assertThat(GoBase64.encode(new byte[] {'a'})).isEqualTo("YQ==");
    }
}
