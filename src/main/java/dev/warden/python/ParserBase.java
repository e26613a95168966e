package dev.warden.python;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The token cursor shared by the parser layers: lookahead, expectation, positions, and the
 * error discipline. A syntax error throws {@link Failure} (no stack trace), which unwinds to the
 * enclosing statement for recovery, or to a speculative attempt that rewinds and tries another
 * reading of the tokens.
 */
abstract class ParserBase {
    /** Unwinds to recovery or to a speculative alternative; carries no stack trace. */
    static final class Failure extends RuntimeException {
        final PySyntaxError error;

        Failure(PySyntaxError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    /**
     * How deep expressions may nest before we report an error instead of overflowing the stack;
     * CPython's own parser gives up a little above this (about 6,000 nested unary operators).
     */
    static final int MAX_DEPTH = 5000;

    final Source source;
    final byte[] src;
    final Tokens tokens;
    final int count;
    final boolean patternMode;
    final List<PySyntaxError> errors = new ArrayList<>();
    int pos;
    int depth;

    ParserBase(Tokens tokens, boolean patternMode) {
        this.tokens = tokens;
        this.source = tokens.source();
        this.src = source.bytes();
        this.count = tokens.size();
        this.patternMode = patternMode;
        // a table for a file's names; a pattern (thousands compile at start-up) has a handful
        int slots = Math.max(16, Math.min(512, Integer.highestOneBit(Math.max(1, count)) * 2));
        this.names = new String[slots];
        this.nameBytes = new byte[slots][];
        this.nameHashes = new int[slots];
    }

    // ---- lookahead -------------------------------------------------------------------------

    final TokenKind kind() { return tokens.kind(pos); }

    final TokenKind kindAt(int i) { return i < count ? tokens.kind(i) : TokenKind.ENDMARKER; }

    final TokenKind peek(int ahead) { return kindAt(pos + ahead); }

    final boolean at(TokenKind k) { return tokens.kind(pos) == k; }

    /** A soft keyword (match, case, type, _) is a NAME token with that spelling. */
    final boolean atSoft(String word) { return atSoftAt(pos, word); }

    final boolean atSoftAt(int i, String word) {
        if (kindAt(i) != TokenKind.NAME) return false;
        int s = tokens.start(i), e = tokens.end(i);
        if (e - s != word.length()) return false;
        for (int j = 0; j < word.length(); j++) if (src[s + j] != word.charAt(j)) return false;
        return true;
    }

    final int tokStart() { return tokens.start(pos); }

    final int tokEnd() { return tokens.end(pos); }

    /** End of the last consumed token: the end of whatever node was just parsed. */
    final int prevEnd() { return pos > 0 ? tokens.end(pos - 1) : 0; }

    final void advance() { if (pos < count - 1) pos++; }

    final boolean eat(TokenKind k) {
        if (tokens.kind(pos) != k) return false;
        advance();
        return true;
    }

    final int expect(TokenKind k) {
        if (tokens.kind(pos) != k) throw invalidSyntax();
        int s = tokStart();
        advance();
        return s;
    }

    // ---- names ------------------------------------------------------------------------------

    /** Identifier text; non-ASCII identifiers are NFKC-normalized, as CPython does. */
    final String nameText(int i) {
        int s = tokens.start(i), e = tokens.end(i);
        int hash = 0;
        for (int j = s; j < e; j++) {
            byte b = src[j];
            if (b < 0) return Normalizer.normalize(new String(src, s, e - s, StandardCharsets.UTF_8), Normalizer.Form.NFKC);
            hash = 31 * hash + b;
        }
        int mask = names.length - 1;
        for (int slot = (hash ^ (hash >>> 16)) & mask; ; slot = (slot + 1) & mask) {
            byte[] spelled = nameBytes[slot];
            if (spelled == null) {
                String name = new String(src, s, e - s, StandardCharsets.ISO_8859_1);
                names[slot] = name;
                nameBytes[slot] = java.util.Arrays.copyOfRange(src, s, e);
                nameHashes[slot] = hash;
                if (++nameCount * 2 > names.length) growNames();
                return name;
            }
            if (nameHashes[slot] == hash && java.util.Arrays.equals(spelled, 0, spelled.length, src, s, e)) return names[slot];
        }
    }

    /**
     * The file's identifiers so far, open addressing by hash: one String per distinct ASCII name
     * (most are repeated: {@code self}, locals, modules), so the tree holds fewer objects and the
     * maps keyed by names compare them by identity first and hash each once. Each slot keeps the
     * name's bytes and hash beside it, compared without decoding the String.
     */
    private String[] names;
    private byte[][] nameBytes;
    private int[] nameHashes;
    private int nameCount;

    private void growNames() {
        String[] oldNames = names;
        byte[][] oldBytes = nameBytes;
        int[] oldHashes = nameHashes;
        int n = oldNames.length * 2, mask = n - 1;
        names = new String[n];
        nameBytes = new byte[n][];
        nameHashes = new int[n];
        for (int k = 0; k < oldNames.length; k++) {
            if (oldBytes[k] == null) continue;
            int hash = oldHashes[k], slot = (hash ^ (hash >>> 16)) & mask;
            while (nameBytes[slot] != null) slot = (slot + 1) & mask;
            names[slot] = oldNames[k];
            nameBytes[slot] = oldBytes[k];
            nameHashes[slot] = hash;
        }
    }

    final String expectName() {
        if (!at(TokenKind.NAME)) throw invalidSyntax();
        String n = nameText(pos);
        advance();
        return n;
    }

    // ---- errors -----------------------------------------------------------------------------

    final Failure error(String message, int start, int end) { return error("SyntaxError", message, start, end); }

    final Failure error(String type, String message, int start, int end) {
        LineIndex lines = source.lines();
        int line = lines.line(start);
        int col = Utf8.charCount(src, lines.lineStart(line), Math.min(start, src.length)) + 1;
        return new Failure(new PySyntaxError(type, message, line, col, start, end));
    }

    /** CPython reports "invalid syntax" at the offending token (or "unexpected EOF" style messages). */
    final Failure invalidSyntax() {
        TokenKind k = kind();
        if (k == TokenKind.INDENT) return error("IndentationError", "unexpected indent", Math.max(tokStart(), tokEnd() - 1), tokEnd());
        if (k == TokenKind.DEDENT && pos + 1 < count) return error("IndentationError", "unexpected unindent", tokStart(), tokStart());
        if (k == TokenKind.ERRORTOKEN) {
            for (PySyntaxError e : tokens.errors()) if (e.startOffset() >= tokStart()) return new Failure(e);
        }
        return error("invalid syntax", tokStart(), tokEnd());
    }

    final void enter() {
        if (++depth > MAX_DEPTH) {
            depth = 0;
            throw error("MemoryError", "Parser stack overflowed - Python source too complex to parse", tokStart(), tokEnd());
        }
    }

    final void leave() { depth--; }
}
