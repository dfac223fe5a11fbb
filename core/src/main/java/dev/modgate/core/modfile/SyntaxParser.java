package dev.modgate.core.modfile;

import dev.modgate.core.modfile.Syntax.Comment;
import dev.modgate.core.modfile.Syntax.CommentBlock;
import dev.modgate.core.modfile.Syntax.Expr;
import dev.modgate.core.modfile.Syntax.FileSyntax;
import dev.modgate.core.modfile.Syntax.Line;
import dev.modgate.core.modfile.Syntax.LineBlock;
import dev.modgate.core.modfile.Syntax.Position;
import dev.modgate.core.text.GoStrings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The lexer and parser of go.mod and go.work files, a port of golang.org/x/mod/modfile/read.go.
 * It keeps read.go's structure (one token of lookahead, errors reported at the lexer's position)
 * because error positions depend on it: "expected newline after closing paren", for one, is
 * reported at the end of the token after the parenthesis.
 */
final class SyntaxParser {
    // Token kinds; newlines and punctuation are their own character codes.
    private static final int EOF = -1;
    private static final int EOL_COMMENT = -2;
    private static final int IDENT = -3;
    private static final int STRING = -4;
    private static final int COMMENT = -5;

    private record Token(int kind, Position pos, Position endPos, String text) {}

    private final String fileName;
    private final String text;

    // Lexer position: the next char of text to read.
    private int offset;
    private int line = 1;
    private int lineRune = 1;

    // The token being scanned, then the lookahead token returned by the next lex().
    private int tokenStart;
    private int tokenKind;
    private Position tokenPos;
    private Position tokenEnd;
    private String tokenText;

    /** End-of-line comments, attached to the syntax after parsing. */
    private final List<Comment> suffixComments = new ArrayList<>();
    private final FileSyntax file = new FileSyntax();

    private SyntaxParser(String fileName, byte[] data) {
        this.fileName = fileName;
        // Bytes that are not UTF-8 become lone surrogates, one char (and one rune, as in Go) each.
        this.text = GoStrings.fromUtf8(data);
    }

    /** Parses the syntax of a file; a syntax error throws ModFileException with a single entry. */
    static FileSyntax parse(String fileName, byte[] data) {
        SyntaxParser in = new SyntaxParser(fileName, data);
        in.readToken(); // prime the lookahead
        in.parseFile();
        in.assignComments();
        return in.file;
    }

    private ModFileException error(String message) {
        return new ModFileException(List.of(ErrorList.format(fileName, pos(), "", "", message)));
    }

    private Position pos() {
        return new Position(line, lineRune, offset);
    }

    private void seek(Position p) {
        line = p.line();
        lineRune = p.lineRune();
        offset = p.offset();
    }

    // ---- Lexer ----

    private boolean eof() {
        return offset >= text.length();
    }

    /** The next rune, utf8.RuneError for a byte that is not UTF-8, 0 at the end. */
    private int peekRune() {
        return eof() ? 0 : GoStrings.runeAt(text, offset);
    }

    private boolean peekPrefix(String prefix) {
        return text.startsWith(prefix, offset);
    }

    private int readRune() {
        if (eof()) {
            throw error("internal lexer error: readRune at EOF");
        }
        int r = GoStrings.runeAt(text, offset);
        offset += Character.charCount(text.codePointAt(offset));
        if (r == '\n') {
            line++;
            lineRune = 1;
        } else {
            lineRune++;
        }
        return r;
    }

    private void startToken() {
        tokenStart = offset;
        tokenText = "";
        tokenPos = pos();
    }

    private void endToken(int kind) {
        tokenKind = kind;
        String token = text.substring(tokenStart, offset);
        if (kind == COMMENT || kind == EOL_COMMENT) {
            // Drop the line end the comment consumed (LF or CRLF), but not a lone trailing CR.
            if (token.endsWith("\r\n")) {
                token = token.substring(0, token.length() - 2);
            } else if (token.endsWith("\n")) {
                token = token.substring(0, token.length() - 1);
            }
        }
        tokenText = token;
        tokenEnd = pos();
    }

    private static boolean isEOL(int kind) {
        return kind == EOF || kind == EOL_COMMENT || kind == '\n';
    }

    /** Returns the lookahead token and reads the next one. */
    private Token lex() {
        Token tok = new Token(tokenKind, tokenPos, tokenEnd, tokenText);
        readToken();
        return tok;
    }

    private void readToken() {
        while (!eof()) {
            int c = peekRune();
            if (c == ' ' || c == '\t' || c == '\r') {
                readRune();
                continue;
            }
            if (peekPrefix("//")) {
                startToken();
                // A comment alone on its line is a token of its own, which the grammar places;
                // one after other text on the line is kept aside and attached to that text later.
                int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
                boolean suffix = !GoText.trimSpace(text.substring(lineStart, offset)).isEmpty();
                readRune();
                readRune();
                while (!eof() && readRune() != '\n') {
                    // consume the comment and its newline
                }
                if (!suffix) {
                    endToken(COMMENT);
                    return;
                }
                endToken(EOL_COMMENT);
                suffixComments.add(new Comment(tokenPos, tokenText, true));
                return;
            }
            if (peekPrefix("/*")) {
                throw error("mod files must use // comments (not /* */ comments)");
            }
            break;
        }

        startToken();
        if (eof()) {
            endToken(EOF);
            return;
        }

        int c = peekRune();
        switch (c) {
            case '\n', '(', ')', '[', ']', '{', '}', ',' -> {
                readRune();
                endToken(c);
                return;
            }
            case '"', '`' -> {
                int quote = c;
                readRune();
                while (true) {
                    if (eof()) {
                        seek(tokenPos);
                        throw error("unexpected EOF in string");
                    }
                    if (peekRune() == '\n') {
                        throw error("unexpected newline in string");
                    }
                    int r = readRune();
                    if (r == quote) {
                        break;
                    }
                    if (r == '\\' && quote != '`') {
                        if (eof()) {
                            seek(tokenPos);
                            throw error("unexpected EOF in string");
                        }
                        readRune();
                    }
                }
                endToken(STRING);
                return;
            }
            default -> {
                // an identifier
            }
        }

        if (!isIdent(c)) {
            throw error("unexpected input character " + GoStrings.quoteRune(c));
        }
        while (isIdent(peekRune())) {
            if (peekPrefix("//")) {
                break;
            }
            if (peekPrefix("/*")) {
                throw error("mod files must use // comments (not /* */ comments)");
            }
            readRune();
        }
        endToken(IDENT);
    }

    /** Most printable runes make up identifiers; only space and a few ASCII punctuation marks do not. */
    private static boolean isIdent(int c) {
        return switch (c) {
            case ' ', '(', ')', '[', ']', '{', '}', ',' -> false;
            default -> !GoText.isSpace(c) && GoStrings.isPrint(c);
        };
    }

    // ---- Parser ----

    private void parseFile() {
        CommentBlock cb = null;
        while (true) {
            int kind = tokenKind;
            if (kind == '\n') {
                lex();
                if (cb != null) {
                    file.stmts.add(cb);
                    cb = null;
                }
            } else if (kind == COMMENT) {
                Token tok = lex();
                if (cb == null) {
                    cb = new CommentBlock(tok.pos());
                }
                cb.comments.before.add(new Comment(tok.pos(), tok.text(), false));
            } else if (kind == EOF) {
                if (cb != null) {
                    file.stmts.add(cb);
                }
                return;
            } else {
                parseStmt();
                if (cb != null) {
                    // Comments directly above a statement belong to it.
                    file.stmts.getLast().comments.before = cb.comments.before;
                    cb = null;
                }
            }
        }
    }

    private void parseStmt() {
        Token tok = lex();
        Position start = tok.pos();
        Position end = tok.endPos();
        List<String> tokens = new ArrayList<>();
        tokens.add(tok.text());
        while (true) {
            tok = lex();
            if (isEOL(tok.kind())) {
                file.stmts.add(new Line(start, tokens, end, false));
                return;
            }
            if (tok.kind() == '(') {
                int next = tokenKind;
                if (isEOL(next)) {
                    // Start of a block: nothing more on this line.
                    file.stmts.add(parseLineBlock(start, tokens, tok));
                    return;
                } else if (next == ')') {
                    Token rparen = lex();
                    if (isEOL(tokenKind)) {
                        lex();
                        file.stmts.add(new LineBlock(start, tokens, tok.pos(), rparen.pos())); // empty block
                        return;
                    }
                    // "( )" in the middle of a line is not a block. Like read.go, this does not move the end.
                    tokens.add(tok.text());
                    tokens.add(rparen.text());
                } else {
                    tokens.add(tok.text()); // "(" in the middle of a line
                }
            } else {
                tokens.add(tok.text());
                end = tok.endPos();
            }
        }
    }

    private LineBlock parseLineBlock(Position start, List<String> tokens, Token lparen) {
        LineBlock x = new LineBlock(start, tokens, lparen.pos(), Position.NONE);
        List<Comment> comments = new ArrayList<>();
        while (true) {
            int kind = tokenKind;
            if (kind == EOL_COMMENT) {
                lex(); // attached later by assignComments
            } else if (kind == '\n') {
                lex();
                // Remember a blank line (as an empty comment) between lines of the block.
                if (comments.isEmpty() && !x.lines.isEmpty()
                        || !comments.isEmpty() && !comments.getLast().token().isEmpty()) {
                    comments.add(new Comment(Position.NONE, "", false));
                }
            } else if (kind == COMMENT) {
                Token tok = lex();
                comments.add(new Comment(tok.pos(), tok.text(), false));
            } else if (kind == EOF) {
                throw error("syntax error (unterminated block started at " + fileName + ":"
                        + x.start().line() + ":" + x.start().lineRune() + ")");
            } else if (kind == ')') {
                Token rparen = lex();
                x.rparen.comments.before = comments;
                x.rparen.pos = rparen.pos();
                if (!isEOL(tokenKind)) {
                    throw error("syntax error (expected newline after closing paren)");
                }
                lex();
                return x;
            } else {
                Line l = parseLine();
                x.lines.add(l);
                l.comments.before = comments;
                comments = new ArrayList<>();
            }
        }
    }

    private Line parseLine() {
        Token tok = lex();
        if (isEOL(tok.kind())) {
            throw error("internal parse error: parseLine at end of line");
        }
        Position start = tok.pos();
        Position end = tok.endPos();
        List<String> tokens = new ArrayList<>();
        tokens.add(tok.text());
        while (true) {
            tok = lex();
            if (isEOL(tok.kind())) {
                return new Line(start, tokens, end, true);
            }
            tokens.add(tok.text());
            end = tok.endPos();
        }
    }

    // ---- Comment assignment ----

    /**
     * Attaches each end-of-line comment to the element that ends last before it on its line.
     * read.go also assigns whole-line comments kept by the lexer, but its lexer keeps only
     * end-of-line ones (whole-line comments are placed by the parser), so that half is omitted.
     */
    private void assignComments() {
        List<Expr> post = new ArrayList<>(); // postorder: ordered by end position, outer elements last
        for (Expr stmt : file.stmts) {
            if (stmt instanceof LineBlock block) {
                post.add(block.lparen);
                post.addAll(block.lines);
                post.add(block.rparen);
            }
            post.add(stmt);
        }

        List<Comment> suffix = new ArrayList<>(suffixComments);
        for (int i = post.size() - 1; i >= 0; i--) {
            Expr x = post.get(i);
            // An element spanning lines (a block) gets no suffix comment; the last thing inside does.
            if (x.start().line() != x.end().line()) {
                continue;
            }
            while (!suffix.isEmpty() && x.end().offset() <= suffix.getLast().start().offset()) {
                x.comments.suffix.add(suffix.removeLast());
            }
        }
        for (Expr x : post) {
            Collections.reverse(x.comments.suffix); // they were collected last first
        }
        file.comments.before.addAll(suffix);
    }
}
