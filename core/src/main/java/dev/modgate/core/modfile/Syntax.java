package dev.modgate.core.modfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The syntax tree of a go.mod or go.work file (read.go's FileSyntax, Line, LineBlock, ...).
 * Only the parts the directive rules read are kept: tokens, start positions for error texts, and
 * comments, which carry "// indirect", retraction rationales and deprecation notices.
 */
final class Syntax {
    private Syntax() {}

    /**
     * A position: line from 1, rune in the line from 1, and offset in the text from 0. Go counts the
     * offset in bytes; it only orders positions, so an offset in chars serves as well.
     * The zero value means "none".
     */
    record Position(int line, int lineRune, int offset) {
        static final Position NONE = new Position(0, 0, 0);

        /** The position after a one-byte, one-rune token such as ")". */
        Position next() {
            return new Position(line, lineRune + 1, offset + 1);
        }
    }

    /** A "//" comment; token keeps the slashes. An empty token stands for a blank line inside a block. */
    record Comment(Position start, String token, boolean suffix) {}

    static final class Comments {
        List<Comment> before = new ArrayList<>(); // whole-line comments before the element
        List<Comment> suffix = new ArrayList<>(); // end-of-line comments after it
        List<Comment> after = new ArrayList<>();  // read.go fills this only from whole-line comments left over; never in practice
    }

    abstract static sealed class Expr permits CommentBlock, Line, LineBlock, Paren {
        final Comments comments = new Comments();

        abstract Position start();

        /** End of the element, excluding comments; decides which suffix comment belongs to it. */
        abstract Position end();
    }

    /** Top-level comments not attached to a statement (separated from it by a blank line). */
    static final class CommentBlock extends Expr {
        private final Position start;

        CommentBlock(Position start) {
            this.start = start;
        }

        @Override Position start() { return start; }
        @Override Position end() { return start; }
    }

    /** One line of tokens, at top level ("require x v1") or inside a block ("x v1"). */
    static final class Line extends Expr {
        private final Position start;
        private final Position end;
        /** Mutable: the directive rules write the unquoted or fixed value back, as rule.go does. */
        final List<String> tokens;
        final boolean inBlock;

        Line(Position start, List<String> tokens, Position end, boolean inBlock) {
            this.start = start;
            this.tokens = tokens;
            this.end = end;
            this.inBlock = inBlock;
        }

        @Override Position start() { return start; }
        @Override Position end() { return end; }
    }

    /** A factored block such as {@code require ( ... )}. */
    static final class LineBlock extends Expr {
        private final Position start;
        final List<String> tokens;
        final Paren lparen;
        final Paren rparen;
        final List<Line> lines = new ArrayList<>();

        LineBlock(Position start, List<String> tokens, Position lparen, Position rparen) {
            this.start = start;
            this.tokens = tokens;
            this.lparen = new Paren(lparen);
            this.rparen = new Paren(rparen);
        }

        @Override Position start() { return start; }
        @Override Position end() { return rparen.pos.next(); }
    }

    /** The parenthesis of a block: the "(" holds its end-of-line comment, the ")" the comments before it. */
    static final class Paren extends Expr {
        Position pos;

        Paren(Position pos) {
            this.pos = pos;
        }

        @Override Position start() { return pos; }
        @Override Position end() { return pos.next(); }
    }

    static final class FileSyntax {
        final Comments comments = new Comments();
        final List<Expr> stmts = new ArrayList<>();
    }
}
