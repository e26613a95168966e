package dev.warden.python.ast;

import dev.warden.python.LineIndex;
import java.util.List;

/**
 * Formats a tree as CPython 3.13's {@code ast.dump(node, include_attributes=True)} does (single
 * line, no indent): {@code Name(id='x', ctx=Load(), lineno=1, col_offset=0, end_lineno=1,
 * end_col_offset=1)}. Fields that are {@code None} or empty lists are left out, except the
 * {@code value} of {@code Constant} and {@code MatchSingleton} (which {@link #constant} always
 * prints). Field order comes from the generated {@link CPythonDumpVisitor}.
 */
final class CPythonDump {
    private final StringBuilder out;
    private final LineIndex lines;
    private final CPythonDumpVisitor visitor;
    /** Per open node: whether something has been written since its '('. */
    private boolean[] started = new boolean[64];
    private int depth;

    CPythonDump(StringBuilder out, LineIndex lines) {
        this.out = out;
        this.lines = lines;
        this.visitor = new CPythonDumpVisitor(this);
    }

    void dump(Node node) { node.accept(visitor); }

    void open(String name) {
        out.append(name).append('(');
        if (++depth == started.length) started = java.util.Arrays.copyOf(started, depth * 2);
        started[depth] = false;
    }

    void close() {
        out.append(')');
        depth--;
    }

    private void field(String name) {
        if (started[depth]) out.append(", ");
        else started[depth] = true;
        out.append(name).append('=');
    }

    void node(String field, Node value) {
        if (value == null) return;
        field(field);
        value.accept(visitor);
    }

    void list(String field, List<?> values) {
        if (values == null || values.isEmpty()) return;
        field(field);
        out.append('[');
        for (int i = 0, n = values.size(); i < n; i++) {
            if (i > 0) out.append(", ");
            Object v = values.get(i);
            if (v == null) out.append("None");
            else if (v instanceof Node node) node.accept(visitor);
            else if (v instanceof String s) PyRepr.appendStr(out, s);
            else if (v instanceof Enum<?> e) out.append(e.name()).append("()");
            else throw new IllegalArgumentException("unexpected list element in " + field + ": " + v.getClass());
        }
        out.append(']');
    }

    void str(String field, String value) {
        if (value == null) return;
        field(field);
        PyRepr.appendStr(out, value);
    }

    void integer(String field, int value) {
        field(field);
        out.append(value);
    }

    void enumValue(String field, Enum<?> value) {
        if (value == null) return;
        field(field);
        out.append(value.name()).append("()");
    }

    void constant(String field, ConstValue value) {
        field(field);
        PyRepr.appendConst(out, value);
    }

    void span(int start, int end) {
        int startLine = lines.line(start);
        int endLine = lines.line(end);
        field("lineno");
        out.append(startLine);
        out.append(", col_offset=").append(start - lines.lineStart(startLine));
        out.append(", end_lineno=").append(endLine);
        out.append(", end_col_offset=").append(end - lines.lineStart(endLine));
    }
}
