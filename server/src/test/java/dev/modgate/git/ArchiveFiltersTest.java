package dev.modgate.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.Attributes;
import org.junit.jupiter.api.Test;

/** git's convert.c decisions and conversions for git archive with core.autocrlf=input, core.eol=lf. */
class ArchiveFiltersTest {
    static final String BLOB = "c8ce5d576ed864f062c06469475d0b1f5477946d";

    static ArchiveFilters.Plan plan(Attribute... a) {
        return ArchiveFilters.plan(new Attributes(a));
    }

    static String crlf(String s, ArchiveFilters.Crlf mode) throws Exception {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return new String(ArchiveFilters.applyInMemory(b, BLOB, new ArchiveFilters.Plan(false, mode)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void onlyEolCrlfAndIdentChangeBytes() {
        assertThat(plan()).isEqualTo(ArchiveFilters.Plan.NONE);
        assertThat(plan(new Attribute("text", Attribute.State.SET))).isEqualTo(ArchiveFilters.Plan.NONE);
        assertThat(plan(new Attribute("text", "auto"))).isEqualTo(ArchiveFilters.Plan.NONE);
        assertThat(plan(new Attribute("eol", "lf"))).isEqualTo(ArchiveFilters.Plan.NONE);
        assertThat(plan(new Attribute("eol", "crlf")).crlf()).isEqualTo(ArchiveFilters.Crlf.TEXT);
        assertThat(plan(new Attribute("text", Attribute.State.SET), new Attribute("eol", "crlf")).crlf()).isEqualTo(ArchiveFilters.Crlf.TEXT);
        assertThat(plan(new Attribute("text", "auto"), new Attribute("eol", "crlf")).crlf()).isEqualTo(ArchiveFilters.Crlf.AUTO);
        assertThat(plan(new Attribute("text", Attribute.State.UNSET), new Attribute("eol", "crlf"))).isEqualTo(ArchiveFilters.Plan.NONE);
        assertThat(plan(new Attribute("crlf", Attribute.State.SET), new Attribute("eol", "crlf")).crlf()).isEqualTo(ArchiveFilters.Crlf.TEXT);
        assertThat(plan(new Attribute("ident", Attribute.State.SET)).ident()).isTrue();
    }

    @Test
    void lfBecomesCrlf() throws Exception {
        assertThat(crlf("a\nb\r\nc\n", ArchiveFilters.Crlf.TEXT)).isEqualTo("a\r\nb\r\nc\r\n");
        assertThat(crlf("a\nb\r\nc\n", ArchiveFilters.Crlf.AUTO)).as("auto leaves files with CRLF alone").isEqualTo("a\nb\r\nc\n");
        assertThat(crlf("a\n\0b\n", ArchiveFilters.Crlf.AUTO)).as("auto leaves binary alone").isEqualTo("a\n\0b\n");
        assertThat(crlf("a\rb\n", ArchiveFilters.Crlf.TEXT)).isEqualTo("a\rb\r\n");
        assertThat(crlf("no newline", ArchiveFilters.Crlf.TEXT)).isEqualTo("no newline");
        var s = ArchiveFilters.Stats.of(new ByteArrayInputStream("x\r\ny\nz\r".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(s.crlf).isEqualTo(1);
        assertThat(s.lonelf).isEqualTo(1);
        assertThat(s.lonecr).isEqualTo(1);
    }

    @Test
    void identExpandsGitStyleIdsOnly() {
        String in = "$Id$ $Id: old $ $Id: Foreign Commit With Spaces $ $Id: line\nbreak $ $Id:x$ $Id";
        String out = new String(ArchiveFilters.ident(in.getBytes(StandardCharsets.ISO_8859_1), BLOB), StandardCharsets.ISO_8859_1);
        assertThat(out).isEqualTo("$Id: " + BLOB + " $ $Id: " + BLOB + " $ $Id: Foreign Commit With Spaces $ $Id: line\nbreak $ $Id: " + BLOB + " $ $Id");
    }
}
