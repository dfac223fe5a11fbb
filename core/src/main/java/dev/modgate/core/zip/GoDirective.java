package dev.modgate.core.zip;

import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.PathSplit;
import dev.modgate.core.text.GoStrings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code go} directive of a module's root go.mod as the zip rules read it: {@code version.Lang("go" +
 * modfile.ParseLax(data).Go.Version)}, "" when the file has no go line or does not parse. Only the zip code needs
 * it (the vendor rule changed in go 1.24), so this is a self-contained reader of the go.mod syntax: the lexer and
 * block grammar of modfile/read.go and the checks that lax parsing (modfile/rule.go) makes on the directives it
 * keeps: go, module, require and ignore (retract errors are ignored in lax mode, all other directives skipped).
 * Any error makes ParseLax fail, and then there is no go version.
 */
final class GoDirective {
    private GoDirective() {}

    private static final Pattern GO_VERSION = Pattern.compile("^([1-9][0-9]*)\\.(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$");
    private static final Pattern LAX_GO_VERSION = Pattern.compile("^v?(([1-9][0-9]*)\\.(0|[1-9][0-9]*))([^0-9].*)$", Pattern.DOTALL);

    /** Thrown for anything that makes modfile.ParseLax fail. */
    private static final class ParseError extends Exception {
        ParseError(String message) { super(message, null, false, false); }
    }

    /** Whether the zip rules of go 1.24 and later apply: the go.mod declares go &gt;= 1.24 and parses laxly. */
    static boolean atLeastGo124(byte[] goMod) {
        String v = goVersion(goMod);
        if (v == null) return false;
        // version.Compare(version.Lang("go"+v), "go1.24") >= 0: an unparsable version compares below everything.
        String[] mm = langOf(v);
        return mm != null && (cmpInt(mm[0], "1") > 0 || mm[0].equals("1") && cmpInt(mm[1], "24") >= 0);
    }

    /** The go directive's version (after the lax fix-up), or null when absent or when the file does not parse. */
    static String goVersion(byte[] goMod) {
        try {
            List<Stmt> stmts = new Parser(new String(goMod, StandardCharsets.UTF_8)).parseFile();
            String go = null;
            boolean haveModule = false;
            for (Stmt s : stmts) {
                if (s.block) {
                    // Blocks with more than one verb token or of other verbs are ignored by lax parsing; a go
                    // block is not a go directive.
                    if (s.verb.size() != 1) continue;
                    switch (s.verb.get(0)) {
                        case "module" -> {
                            for (List<String> line : s.lines) haveModule = module(line, haveModule);
                        }
                        case "require" -> {
                            for (List<String> line : s.lines) require(line);
                        }
                        case "ignore" -> {
                            for (List<String> line : s.lines) ignore(line);
                        }
                        default -> { }
                    }
                    continue;
                }
                List<String> t = s.verb;
                List<String> args = t.subList(1, t.size());
                switch (t.get(0)) {
                    case "go" -> {
                        if (go != null) throw new ParseError("repeated go statement");
                        if (args.size() != 1) throw new ParseError("go directive expects exactly one argument");
                        String v = args.get(0);
                        if (!GO_VERSION.matcher(v).matches()) {
                            Matcher m = LAX_GO_VERSION.matcher(v);
                            if (!m.matches()) throw new ParseError("invalid go version");
                            v = m.group(1);
                        }
                        go = v;
                    }
                    case "module" -> haveModule = module(args, haveModule);
                    case "require" -> require(args);
                    case "ignore" -> ignore(args);
                    default -> { }
                }
            }
            return go;
        } catch (ParseError e) {
            return null;
        }
    }

    private static boolean module(List<String> args, boolean haveModule) throws ParseError {
        if (haveModule) throw new ParseError("repeated module statement");
        if (args.size() != 1) throw new ParseError("usage: module module/path");
        parseString(args.get(0));
        return true;
    }

    /** A require line: a module path and a version that is canonical or has a canonical form, matching the path's major version. */
    private static void require(List<String> args) throws ParseError {
        if (args.size() != 2) throw new ParseError("usage: require module/path v1.2.3");
        String path = parseString(args.get(0));
        String version = ModulePath.canonicalVersion(parseString(args.get(1)));
        if (version.isEmpty()) throw new ParseError("must be of the form v1.2.3");
        PathSplit split = ModulePath.splitPathVersion(path);
        if (!split.ok()) throw new ParseError("invalid module path");
        if (!ModulePath.matchPathMajor(version, split.pathMajor())) throw new ParseError("wrong major version");
    }

    private static void ignore(List<String> args) throws ParseError {
        if (args.size() != 1) throw new ParseError("usage: ignore local/dir");
        parseString(args.get(0));
    }

    /**
     * modfile.parseString: a token starting with a double quote is a Go string literal (strconv.Unquote); any
     * other token must not contain quotes.
     */
    private static String parseString(String s) throws ParseError {
        if (s.startsWith("\"")) return unquote(s);
        if (s.indexOf('"') >= 0 || s.indexOf('\'') >= 0 || s.indexOf('`') >= 0) {
            throw new ParseError("unquoted string cannot contain quote");
        }
        return s;
    }

    /** strconv.Unquote of a double-quoted literal. */
    private static String unquote(String s) throws ParseError {
        if (s.length() < 2 || !s.endsWith("\"")) throw new ParseError("invalid quoted string");
        StringBuilder b = new StringBuilder();
        String in = s.substring(1, s.length() - 1);
        for (int i = 0; i < in.length(); ) {
            char c = in.charAt(i++);
            if (c == '"' || c == '\n') throw new ParseError("invalid quoted string");
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= in.length()) throw new ParseError("invalid quoted string");
            char e = in.charAt(i++);
            switch (e) {
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'v' -> b.append('\u000B');
                case '\\', '"' -> b.append(e);
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    int v = hex(in, i, n);
                    i += n;
                    if (e == 'x') {
                        b.append((char) (GoStrings.fromUtf8(new byte[] {(byte) v}).charAt(0)));
                    } else {
                        if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) throw new ParseError("invalid quoted string");
                        b.appendCodePoint(v);
                    }
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > in.length()) throw new ParseError("invalid quoted string");
                    int v = 0;
                    for (int k = i - 1; k < i + 2; k++) {
                        char d = in.charAt(k);
                        if (d < '0' || d > '7') throw new ParseError("invalid quoted string");
                        v = v * 8 + (d - '0');
                    }
                    if (v > 255) throw new ParseError("invalid quoted string");
                    i += 2;
                    b.append(GoStrings.fromUtf8(new byte[] {(byte) v}).charAt(0));
                }
                default -> throw new ParseError("invalid quoted string");
            }
        }
        return b.toString();
    }

    private static int hex(String s, int at, int n) throws ParseError {
        if (at + n > s.length()) throw new ParseError("invalid quoted string");
        long v = 0;
        for (int k = at; k < at + n; k++) {
            int d = Character.digit(s.charAt(k), 16);
            if (d < 0) throw new ParseError("invalid quoted string");
            v = v * 16 + d;
        }
        if (v > Integer.MAX_VALUE) throw new ParseError("invalid quoted string");
        return (int) v;
    }

    /** go/version.Lang's (major, minor) of a Go version, or null when gover.Parse rejects it. */
    private static String[] langOf(String x) {
        Cut major = cutInt(x);
        if (major == null) return null;
        if (major.rest.isEmpty()) return new String[] {major.num, "0"};
        if (major.rest.charAt(0) != '.') return null;
        Cut minor = cutInt(major.rest.substring(1));
        if (minor == null) return null;
        String rest = minor.rest;
        if (rest.isEmpty()) return new String[] {major.num, minor.num};
        if (rest.charAt(0) == '.') {
            Cut patch = cutInt(rest.substring(1));
            // gover rejects prereleases of patch releases ("1.21.3rc1").
            return patch == null || !patch.rest.isEmpty() ? null : new String[] {major.num, minor.num};
        }
        int i = 0;
        while (i < rest.length() && (rest.charAt(i) < '0' || rest.charAt(i) > '9')) {
            if (rest.charAt(i) < 'a' || rest.charAt(i) > 'z') return null;
            i++;
        }
        if (i == 0) return null;
        rest = rest.substring(i);
        if (rest.isEmpty()) return new String[] {major.num, minor.num};
        Cut pre = cutInt(rest);
        return pre == null || !pre.rest.isEmpty() ? null : new String[] {major.num, minor.num};
    }

    private record Cut(String num, String rest) {}

    /** gover.cutInt: a decimal number without leading zeros at the start of x. */
    private static Cut cutInt(String x) {
        int i = 0;
        while (i < x.length() && x.charAt(i) >= '0' && x.charAt(i) <= '9') i++;
        if (i == 0 || x.charAt(0) == '0' && i != 1) return null;
        return new Cut(x.substring(0, i), x.substring(i));
    }

    /** gover.cmpInt: numeric comparison of decimal strings of any length. */
    private static int cmpInt(String x, String y) {
        if (x.length() != y.length()) return Integer.compare(x.length(), y.length());
        return Integer.signum(x.compareTo(y));
    }

    /** A top-level line (verb = all its tokens) or a block (verb = tokens before "(", lines = its lines). */
    private record Stmt(boolean block, List<String> verb, List<List<String>> lines) {}

    /** modfile/read.go: tokens are identifiers, quoted strings, parens and ends of lines; comments end lines. */
    private static final class Parser {
        private static final int EOF = -1, EOL = -2, LPAREN = -3, RPAREN = -4, WORD = -5;
        private final String src;
        private int pos;
        private int peekKind = 0;
        private String peekText;

        Parser(String src) { this.src = src; }

        List<Stmt> parseFile() throws ParseError {
            List<Stmt> stmts = new ArrayList<>();
            for (;;) {
                int k = peek();
                if (k == EOF) return stmts;
                if (k == EOL) {
                    next();
                    continue;
                }
                stmts.add(parseStmt());
            }
        }

        private Stmt parseStmt() throws ParseError {
            List<String> tokens = new ArrayList<>();
            tokens.add(nextText());
            for (;;) {
                int k = peek();
                if (k == EOL || k == EOF) {
                    if (k == EOL) next();
                    return new Stmt(false, tokens, List.of());
                }
                if (k == LPAREN) {
                    next();
                    int after = peek();
                    if (after == EOL || after == EOF) return parseLineBlock(tokens);
                    if (after == RPAREN) {
                        next();
                        int end = peek();
                        if (end == EOL || end == EOF) {
                            if (end == EOL) next();
                            return new Stmt(true, tokens, List.of()); // empty block "verb ()"
                        }
                        tokens.add("(");
                        tokens.add(")");
                    } else {
                        tokens.add("(");
                    }
                    continue;
                }
                tokens.add(nextText());
            }
        }

        private Stmt parseLineBlock(List<String> verb) throws ParseError {
            List<List<String>> lines = new ArrayList<>();
            for (;;) {
                int k = peek();
                if (k == EOL) {
                    next();
                } else if (k == EOF) {
                    throw new ParseError("syntax error (unterminated block)");
                } else if (k == RPAREN) {
                    next();
                    int end = peek();
                    if (end != EOL && end != EOF) throw new ParseError("syntax error (expected newline after closing paren)");
                    if (end == EOL) next();
                    return new Stmt(true, verb, lines);
                } else {
                    List<String> line = new ArrayList<>();
                    while (peek() != EOL && peek() != EOF) line.add(nextText());
                    lines.add(line);
                }
            }
        }

        private String nextText() throws ParseError {
            int k = peek();
            String t = k == LPAREN ? "(" : k == RPAREN ? ")" : peekText;
            next();
            return t;
        }

        private int peek() throws ParseError {
            if (peekKind == 0) peekKind = lex();
            return peekKind;
        }

        private void next() { peekKind = 0; }

        private int lex() throws ParseError {
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\r') {
                    pos++;
                } else if (src.startsWith("//", pos)) {
                    // A comment runs to the end of the line and, with its newline, ends the line.
                    int nl = src.indexOf('\n', pos);
                    pos = nl < 0 ? src.length() : nl + 1;
                    return EOL;
                } else {
                    break;
                }
            }
            if (pos >= src.length()) return EOF;
            int c = src.codePointAt(pos);
            if (c == '\n') {
                pos++;
                return EOL;
            }
            if (c == '(' || c == ')') {
                pos++;
                return c == '(' ? LPAREN : RPAREN;
            }
            if (c == '[' || c == ']' || c == '{' || c == '}' || c == ',') {
                // Punctuation tokens (retract intervals use them); the grammar treats them as words.
                pos++;
                peekText = String.valueOf((char) c);
                return WORD;
            }
            int start = pos;
            if (c == '"' || c == '`') {
                pos++;
                for (;;) {
                    if (pos >= src.length()) throw new ParseError("unexpected EOF in string");
                    char d = src.charAt(pos);
                    if (d == '\n') throw new ParseError("unexpected newline in string");
                    pos++;
                    if (d == c) break;
                    if (d == '\\' && c != '`') {
                        if (pos >= src.length()) throw new ParseError("unexpected EOF in string");
                        pos++;
                    }
                }
                peekText = src.substring(start, pos);
                return WORD;
            }
            if (!isIdent(c)) throw new ParseError("unexpected input character");
            while (pos < src.length()) {
                int d = src.codePointAt(pos);
                if (!isIdent(d) || src.startsWith("//", pos)) break;
                if (src.startsWith("/*", pos)) throw new ParseError("mod files must use // comments, not /* */ comments");
                pos += Character.charCount(d);
            }
            peekText = src.substring(start, pos);
            return WORD;
        }

        private static boolean isIdent(int c) {
            return switch (c) {
                case ' ', '(', ')', '[', ']', '{', '}', ',' -> false;
                default -> !GoStrings.isSpace(c) && GoStrings.isPrint(c);
            };
        }
    }
}
