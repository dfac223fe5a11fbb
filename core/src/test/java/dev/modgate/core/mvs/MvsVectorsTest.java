package dev.modgate.core.mvs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The table of cmd/go/internal/mvs/mvs_test.go (vectors/mvs/mvs_tests.txt, copied unchanged), run as
 * its Test function runs it: one container per scenario ("name:"), one dynamic test per operation.
 */
class MvsVectorsTest {
    private record Scenario(String name, ReqsMap reqs, List<DynamicTest> operations) {}

    @TestFactory
    Stream<DynamicNode> table() throws IOException {
        List<Scenario> scenarios = parse(read("/vectors/mvs/mvs_tests.txt"));
        assertThat(scenarios).hasSize(39);
        assertThat(scenarios.stream().mapToInt(s -> s.operations().size()).sum()).isEqualTo(77);
        return scenarios.stream().map(s -> {
            // mvs_test.go: "no functions tested" fails a scenario without operations.
            assertThat(s.operations()).as("operations of " + s.name()).isNotEmpty();
            return DynamicContainer.dynamicContainer(s.name(), s.operations().stream());
        });
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = MvsVectorsTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** "A1" is path "A" at version "1"; "A" alone is version "" (a target), "Anone" version "none". */
    private static ModuleVersion m(String s) {
        return new ModuleVersion(s.substring(0, 1), s.substring(1));
    }

    private static List<ModuleVersion> ms(List<String> list) {
        return list.stream().map(MvsVectorsTest::m).toList();
    }

    private static List<String> fields(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }

    private static List<Scenario> parse(String table) {
        List<Scenario> scenarios = new ArrayList<>();
        Scenario current = null;
        for (String raw : table.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            int i = line.indexOf(':');
            if (i < 0) {
                throw new IllegalStateException("missing colon: " + line);
            }
            String key = line.substring(0, i).strip();
            String val = line.substring(i + 1).strip();
            if (key.isEmpty()) {
                throw new IllegalStateException("missing key: " + line);
            }
            List<String> kf = fields(key);
            if (kf.getFirst().equals("name")) {
                current = new Scenario(val, new ReqsMap(), new ArrayList<>());
                scenarios.add(current);
                continue;
            }
            if (current == null) {
                throw new IllegalStateException("operation before the first name: " + line);
            }
            ReqsMap reqs = current.reqs();
            List<ModuleVersion> want = ms(fields(val));
            Supplier<List<ModuleVersion>> op = switch (kf.getFirst()) {
                case "build" -> {
                    arity(kf, 2, 2, line);
                    yield () -> Mvs.buildList(List.of(m(kf.get(1))), reqs);
                }
                case "upgrade*" -> {
                    arity(kf, 2, 2, line);
                    yield () -> Mvs.upgradeAll(m(kf.get(1)), reqs);
                }
                case "upgradereq" -> {
                    arity(kf, 2, Integer.MAX_VALUE, line);
                    yield () -> {
                        List<ModuleVersion> list = Mvs.upgrade(m(kf.get(1)), reqs, ms(kf.subList(2, kf.size())));
                        // The requirements with the upgraded list in place of the target's own.
                        ReqsMap upReqs = reqs.copy();
                        upReqs.put(m(kf.get(1)), list);
                        return Mvs.req(m(kf.get(1)), List.of(), upReqs);
                    };
                }
                case "upgrade" -> {
                    arity(kf, 2, Integer.MAX_VALUE, line);
                    yield () -> Mvs.upgrade(m(kf.get(1)), reqs, ms(kf.subList(2, kf.size())));
                }
                case "downgrade" -> {
                    arity(kf, 2, Integer.MAX_VALUE, line);
                    // As mvs_test.go does: kf[1:], the target included.
                    yield () -> Mvs.downgrade(m(kf.get(1)), reqs, ms(kf.subList(1, kf.size())));
                }
                case "req" -> {
                    arity(kf, 2, Integer.MAX_VALUE, line);
                    yield () -> Mvs.req(m(kf.get(1)), kf.subList(2, kf.size()), reqs);
                }
                default -> null;
            };
            if (op != null) {
                current.operations().add(DynamicTest.dynamicTest(key, () -> assertThat(op.get()).as(key).isEqualTo(want)));
                continue;
            }
            if (kf.size() == 1 && key.charAt(0) >= 'A' && key.charAt(0) <= 'Z') {
                for (ModuleVersion r : want) {
                    reqs.putIfAbsent(r, List.of());
                }
                reqs.put(m(key), want);
                continue;
            }
            throw new IllegalStateException("bad line: " + line);
        }
        return scenarios;
    }

    private static void arity(List<String> kf, int min, int max, String line) {
        if (kf.size() < min || kf.size() > max) {
            throw new IllegalStateException("wrong number of arguments: " + line);
        }
    }

    /** mvs_test.go's reqsMap: versions compare as plain strings, "none" lowest and "" (a target) highest. */
    private static final class ReqsMap implements UpgradeReqs, DowngradeReqs {
        private final Map<ModuleVersion, List<ModuleVersion>> reqs = new HashMap<>();

        void put(ModuleVersion m, List<ModuleVersion> list) {
            reqs.put(m, list);
        }

        void putIfAbsent(ModuleVersion m, List<ModuleVersion> list) {
            reqs.putIfAbsent(m, list);
        }

        ReqsMap copy() {
            ReqsMap c = new ReqsMap();
            c.reqs.putAll(reqs);
            return c;
        }

        @Override
        public String max(String path, String v1, String v2) {
            if (v1.equals("none") || v2.isEmpty()) {
                return v2;
            }
            if (v2.equals("none") || v1.isEmpty()) {
                return v1;
            }
            return v1.compareTo(v2) < 0 ? v2 : v1;
        }

        @Override
        public ModuleVersion upgrade(ModuleVersion m) {
            ModuleVersion u = new ModuleVersion("", "none");
            for (ModuleVersion k : reqs.keySet()) {
                if (k.path().equals(m.path()) && max(k.path(), u.version(), k.version()).equals(k.version())
                        && !k.version().endsWith(".hidden")) {
                    u = k;
                }
            }
            if (u.path().isEmpty()) {
                throw new IllegalStateException("missing module: " + new ModuleVersion(m.path(), ""));
            }
            return u;
        }

        @Override
        public ModuleVersion previous(ModuleVersion m) {
            ModuleVersion p = new ModuleVersion("", "");
            for (ModuleVersion k : reqs.keySet()) {
                if (k.path().equals(m.path()) && p.version().compareTo(k.version()) < 0
                        && k.version().compareTo(m.version()) < 0 && !k.version().endsWith(".hidden")) {
                    p = k;
                }
            }
            return p.path().isEmpty() ? new ModuleVersion(m.path(), "none") : p;
        }

        @Override
        public List<ModuleVersion> required(ModuleVersion m) {
            List<ModuleVersion> rr = reqs.get(m);
            if (rr == null) {
                throw new IllegalStateException("missing module: " + m);
            }
            return rr;
        }
    }
}
