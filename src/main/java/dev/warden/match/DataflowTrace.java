package dev.warden.match;

import java.util.List;

/**
 * How tainted data reached a finding (taint mode): the source's range and the variables it was
 * stored in on the way, as UTF-8 byte ranges of the file. Reported as Semgrep's
 * {@code extra.dataflow_trace} and as SARIF {@code codeFlows}.
 */
public record DataflowTrace(Location source, List<Location> intermediates) {
    public record Location(int start, int end) {}
}
