package dev.modgate.licence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A licence text as the matcher sees it: lower-case words of letters and digits, in order, without the lines that
 * differ from one copy of a licence to the next (copyright and "all rights reserved" lines), without punctuation or
 * markup (markdown, reStructuredText and HTML marks are punctuation here), with line breaks and CRLF ignored, and
 * with the spellings that mean the same word made one (licence/license, https/http). Templates and scanned files go
 * through the same steps, so whatever is dropped is dropped from both.
 */
final class LicenceWords {
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");
    private static final Pattern NOT_A_WORD = Pattern.compile("[^a-z0-9]+");
    /** Markup and list marks that may precede "Copyright" on its line. */
    private static final Pattern LEADING_MARKS = Pattern.compile("^[\\s#>*_\\-=/.|`]+");

    private LicenceWords() {
    }

    static List<String> of(byte[] text) {
        return of(new String(text, StandardCharsets.UTF_8));
    }

    static List<String> of(String text) {
        List<String> words = new ArrayList<>();
        for (String line : LINE_BREAK.split(text, -1)) {
            String lower = LEADING_MARKS.matcher(line.toLowerCase(Locale.ROOT)).replaceFirst("");
            if (isCopyrightLine(lower)) {
                continue;
            }
            for (String word : NOT_A_WORD.split(lower)) {
                if (!word.isEmpty()) {
                    words.add(canonical(word));
                }
            }
        }
        return words;
    }

    /** "Copyright 2019 The Go Authors", "Copyright (c) Foo", "(c) 2020 Bar", "© Baz", "All rights reserved." */
    private static boolean isCopyrightLine(String line) {
        if (line.startsWith("(c)") || line.startsWith("©") || line.startsWith("all rights reserved")) {
            return true;
        }
        if (!line.startsWith("copyright")) {
            return false;
        }
        // A wrapped sentence may start a line with "copyright" too ("copyright notice and this permission notice"):
        // only a line that names a year, a (c) or a © is a copyright line.
        return line.contains("(c)") || line.contains("©") || line.matches("copyright\\W*\\d.*")
                || line.matches(".*\\b(19|20)\\d\\d\\b.*") || line.contains("<year>");
    }

    private static String canonical(String word) {
        return switch (word) {
            case "licence" -> "license";
            case "licences" -> "licenses";
            case "licenced" -> "licensed";
            case "licencing" -> "licensing";
            case "https" -> "http";
            default -> word;
        };
    }
}
