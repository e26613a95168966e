package dev.warden.match;

/**
 * What a metavariable stands for in one match: the source range it covers (UTF-8 byte offsets,
 * end exclusive; for {@code $...ARGS} the span of the whole run) and a node-level value used for
 * comparing two bindings of the same metavariable ({@code $X == $X}).
 */
public record Binding(int start, int end, Object value) {}
