package dev.warden.python;

/**
 * A node's position in CPython's terms: 1-based lines, 0-based UTF-8 byte columns, and the byte
 * offsets themselves. Nodes store only the offsets; {@link Source#span} derives the rest.
 */
public record Span(int startLine, int startColumn, int endLine, int endColumn, int startOffset, int endOffset) {}
