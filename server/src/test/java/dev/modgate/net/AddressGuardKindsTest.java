package dev.modgate.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which addresses count as internal (never fetched from for public modules). */
class AddressGuardKindsTest {
    static String kind(String ip) throws Exception {
        return AddressGuard.internalKind(InetAddress.getByName(ip));
    }

    @Test
    void internalAddresses() throws Exception {
        assertThat(kind("127.0.0.1")).isEqualTo("loopback address");
        assertThat(kind("::1")).isEqualTo("loopback address");
        assertThat(kind("169.254.169.254")).isEqualTo("cloud metadata address");
        assertThat(kind("fd00:ec2::254")).isEqualTo("unique local address");
        assertThat(kind("10.1.2.3")).isEqualTo("private address");
        assertThat(kind("172.16.0.1")).isEqualTo("private address");
        assertThat(kind("192.168.1.1")).isEqualTo("private address");
        assertThat(kind("100.100.100.200")).contains("carrier-grade NAT");
        assertThat(kind("192.0.0.192")).isNotNull();
        assertThat(kind("0.0.0.0")).isNotNull();
        assertThat(kind("::ffff:127.0.0.1")).isEqualTo("loopback address");
        assertThat(kind("64:ff9b::a9fe:a9fe")).isEqualTo("cloud metadata address");
        assertThat(kind("fe80::1")).isEqualTo("link-local address");
    }

    @Test
    void publicAddresses() throws Exception {
        assertThat(kind("140.82.112.3")).isNull();
        assertThat(kind("2606:4700::1111")).isNull();
        assertThat(kind("100.128.0.1")).isNull();
    }

    @Test
    void literalsAreRefusedWithoutAnyLookup() {
        AddressGuard g = AddressGuard.PUBLIC_ONLY;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.check(java.net.URI.create("http://127.0.0.1:9/x")))
                .hasMessageContaining("loopback");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.check(java.net.URI.create("https://localhost/x")))
                .hasMessageContaining("localhost");
        org.assertj.core.api.Assertions.assertThatCode(() -> AddressGuard.OFF.check(java.net.URI.create("http://127.0.0.1:9/x"))).doesNotThrowAnyException();
    }
}
