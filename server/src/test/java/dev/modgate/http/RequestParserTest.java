package dev.modgate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import org.junit.jupiter.api.Test;

class RequestParserTest {
    @Test void endpoints() throws Exception {
        assertThat(RequestParser.parse("/rsc.io/quote/@v/list")).isEqualTo(module(new ModuleRequest.List("rsc.io/quote")));
        assertThat(RequestParser.parse("/rsc.io/quote/@latest")).isEqualTo(module(new ModuleRequest.Latest("rsc.io/quote")));
        assertThat(RequestParser.parse("/github.com/%21azure/go/@v/v1.0.0-%21r%21c1.info"))
                .isEqualTo(module(new ModuleRequest.File(ArtifactKind.INFO, "github.com/Azure/go", "v1.0.0-RC1")));
        assertThat(RequestParser.parse("/github.com/!azure/go/@v/master.info")).isEqualTo(module(new ModuleRequest.Query("github.com/Azure/go", "master")));
        assertThat(RequestParser.parse("/rsc.io/breaker/@v/v2.0.0+incompatible.zip")).isEqualTo(module(new ModuleRequest.File(ArtifactKind.ZIP, "rsc.io/breaker", "v2.0.0+incompatible")));
        assertThat(RequestParser.parse("/gopkg.in/yaml.v3/@v/v3.0.1.mod")).isEqualTo(module(new ModuleRequest.File(ArtifactKind.MOD, "gopkg.in/yaml.v3", "v3.0.1")));
        assertThat(RequestParser.parse("/healthz")).isInstanceOf(ProxyRequest.Health.class);
        assertThat(RequestParser.parse("/sumdb/sum.golang.org/supported")).isEqualTo(new ProxyRequest.SumDb("sum.golang.org/supported"));
        assertThat(RequestParser.parse("/rsc.io/quote/@v/v1.5.info")).as("a version prefix is a query")
                .isEqualTo(module(new ModuleRequest.Query("rsc.io/quote", "v1.5")));
        assertThat(RequestParser.parse("/rsc.io/quote/@v/v2.0.0.info")).as("not valid for the path: a query, answered by the upstream")
                .isEqualTo(module(new ModuleRequest.Query("rsc.io/quote", "v2.0.0")));
    }

    private static ProxyRequest module(ModuleRequest r) {
        return new ProxyRequest.Module(r);
    }

    @Test void modAndZipNeedCanonicalVersionsValidForThePath() {
        assertThatThrownBy(() -> RequestParser.parse("/rsc.io/quote/@v/v1.5.mod")).hasMessageContaining("not canonical (should be v1.5.0)");
        assertThatThrownBy(() -> RequestParser.parse("/rsc.io/quote/@v/v2.0.0.zip")).hasMessageContaining("should be v0 or v1, not v2");
        assertThatThrownBy(() -> RequestParser.parse("/rsc.io/quote/@v/master.zip")).hasMessageContaining("only for semantic versions");
    }

    @Test void malformedPathsHaveReasons() {
        assertThatThrownBy(() -> RequestParser.parse("/Rsc.io/quote/@v/list")).isInstanceOf(Failure.class).hasMessageStartingWith("bad request: ");
        assertThatThrownBy(() -> RequestParser.parse("/rsc.io%2Fquote/@v/list")).hasMessageContaining("encoded slash");
        assertThatThrownBy(() -> RequestParser.parse("/rsc.io/quote%00/@v/list")).hasMessageContaining("control character");
        assertThatThrownBy(() -> RequestParser.parse("/rsc.io/%ff/@v/list")).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> RequestParser.parse("/rsc.io/%zz/@v/list")).hasMessageContaining("percent-encoding");
        assertThatThrownBy(() -> RequestParser.parse("/" + "a".repeat(3000))).satisfies(e -> assertThat(((Failure) e).kind()).isEqualTo(Failure.Kind.TOO_LONG));
        assertThatThrownBy(() -> RequestParser.parse("/rsc.io/quote")).satisfies(e -> assertThat(((Failure) e).kind()).isEqualTo(Failure.Kind.NOT_FOUND));
    }

    @Test void vulnDbPathsAreTheV1LayoutOnly() throws Exception {
        for (String rest : new String[] {"index/db.json", "index/modules.json.gz", "index/vulns.json", "ID/GO-2024-0001.json", "ID/GO-2021-12345.json.gz"}) {
            assertThat(RequestParser.parse("/vulndb/" + rest)).isEqualTo(new ProxyRequest.VulnDb(rest));
        }
        for (String bad : new String[] {"/vulndb", "/vulndb/", "/vulndb/index/", "/vulndb/index/other.json", "/vulndb/ID/GO-24-1.json",
                "/vulndb/ID/../index/db.json", "/vulndb/ID/GO-2024-0001.json.gz.gz", "/vulndb/manifest.json", "/vulndb/current", "/vulndb/index/db.json/"}) {
            assertThatThrownBy(() -> RequestParser.parse(bad)).as(bad).isInstanceOf(Failure.class)
                    .satisfies(e -> assertThat(((Failure) e).kind()).isEqualTo(Failure.Kind.NOT_FOUND))
                    .hasMessageContaining("is not a file of the vulnerability database");
        }
        assertThatThrownBy(() -> RequestParser.parse("/vulndb/ID%2fGO-2024-0001.json")).hasMessageContaining("encoded slash");
    }
}
