package dev.modgate.core.modfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.modfile.Syntax.Comment;
import dev.modgate.core.modfile.Syntax.CommentBlock;
import dev.modgate.core.modfile.Syntax.Comments;
import dev.modgate.core.modfile.Syntax.Expr;
import dev.modgate.core.modfile.Syntax.FileSyntax;
import dev.modgate.core.modfile.Syntax.Line;
import dev.modgate.core.modfile.Syntax.LineBlock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Upstream read_test.go's syntax-level tests: TestParsePunctuation and TestComments. */
class SyntaxTest {

    @TestFactory
    Stream<DynamicTest> punctuation() {
        return Vectors.list(Vectors.read("syntax.json").get("punctuation")).stream().map(c -> DynamicTest.dynamicTest(
                c.get("name").asText(), () -> {
                    FileSyntax f = SyntaxParser.parse("go.mod", c.get("data").asText().getBytes(StandardCharsets.UTF_8));
                    List<String> tokens = new ArrayList<>();
                    for (Expr stmt : f.stmts) {
                        if (stmt instanceof Line line) {
                            tokens.addAll(line.tokens);
                        } else if (stmt instanceof LineBlock block) {
                            tokens.addAll(block.tokens);
                            tokens.add("(");
                            block.lines.forEach(l -> tokens.addAll(l.tokens));
                            tokens.add(")");
                        } else {
                            throw new AssertionError("unexpected statement " + stmt);
                        }
                    }
                    assertThat(String.join(" ", tokens)).isEqualTo(c.get("want").asText());
                }));
    }

    /** Where each comment lands, printed as upstream's test prints it. */
    @TestFactory
    Stream<DynamicTest> comments() {
        return Vectors.list(Vectors.read("syntax.json").get("comments")).stream().map(c -> DynamicTest.dynamicTest(
                c.get("name").asText(), () -> {
                    FileSyntax f = SyntaxParser.parse("go.mod", c.get("data").asText().getBytes(StandardCharsets.UTF_8));
                    StringBuilder out = new StringBuilder();
                    print(out, "file", f.comments);
                    for (Expr stmt : f.stmts) {
                        switch (stmt) {
                            case CommentBlock cb -> print(out, "comments", cb.comments);
                            case Line line -> print(out, "line", line.comments);
                            case LineBlock block -> {
                                print(out, "block", block.comments);
                                print(out, "lparen", block.lparen.comments);
                                block.lines.forEach(l -> print(out, "blockline", l.comments));
                                print(out, "rparen", block.rparen.comments);
                            }
                            default -> throw new AssertionError("unexpected statement " + stmt);
                        }
                    }
                    assertThat(out.toString().strip()).isEqualTo(c.get("want").asText().strip());
                }));
    }

    private static void print(StringBuilder out, String prefix, Comments cs) {
        for (Comment c : cs.before) {
            out.append(prefix).append(" before ").append(dev.modgate.core.text.GoStrings.quote(c.token())).append('\n');
        }
        for (Comment c : cs.suffix) {
            out.append(prefix).append(" suffix ").append(dev.modgate.core.text.GoStrings.quote(c.token())).append('\n');
        }
        for (Comment c : cs.after) {
            out.append(prefix).append(" after ").append(dev.modgate.core.text.GoStrings.quote(c.token())).append('\n');
        }
    }

}
