package dev.warden.fix;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts, line by line, with 3 lines of context (as {@code diff -u}). */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;
    private static final long MAX_CELLS = 25_000_000L;

    private UnifiedDiff() {}

    /** The diff from {@code from} to {@code to}, with {@code ---}/{@code +++} header lines; only headers when equal. */
    public static String diff(String fromName, String from, String toName, String to) {
        List<String> a = lines(from), b = lines(to);
        List<int[]> ops = script(a, b); // {kind, indexA, indexB}: 0 same, 1 delete a, 2 insert b
        StringBuilder sb = new StringBuilder();
        sb.append("--- ").append(fromName).append('\n').append("+++ ").append(toName).append('\n');
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i)[0] == 0) { i++; continue; }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend the hunk while changes are within 2 * CONTEXT of each other
            int j = i;
            while (j < ops.size()) {
                if (ops.get(j)[0] != 0) { end = j; j++; continue; }
                int k = j;
                while (k < ops.size() && ops.get(k)[0] == 0) k++;
                if (k < ops.size() && k - j <= 2 * CONTEXT) { j = k; continue; }
                break;
            }
            int stop = Math.min(ops.size(), end + 1 + CONTEXT);
            int aStart = -1, bStart = -1, aLen = 0, bLen = 0;
            for (int k = start; k < stop; k++) {
                int[] op = ops.get(k);
                if (op[0] != 2) { if (aStart < 0) aStart = op[1]; aLen++; }
                if (op[0] != 1) { if (bStart < 0) bStart = op[2]; bLen++; }
            }
            if (aStart < 0) aStart = ops.get(start)[1];
            if (bStart < 0) bStart = ops.get(start)[2];
            sb.append("@@ -").append(range(aStart, aLen)).append(" +").append(range(bStart, bLen)).append(" @@\n");
            for (int k = start; k < stop; k++) {
                int[] op = ops.get(k);
                String line = op[0] == 2 ? b.get(op[2]) : a.get(op[1]);
                sb.append(op[0] == 0 ? ' ' : op[0] == 1 ? '-' : '+').append(line).append('\n');
            }
            i = stop;
        }
        return sb.toString();
    }

    private static String range(int start, int len) {
        int first = len == 0 ? start : start + 1;
        return len == 1 ? String.valueOf(first) : first + "," + len;
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    /** An edit script by longest common subsequence (whole replacement when the texts are huge). */
    private static List<int[]> script(List<String> a, List<String> b) {
        int n = a.size(), m = b.size();
        int pre = 0;
        while (pre < n && pre < m && a.get(pre).equals(b.get(pre))) pre++;
        int suf = 0;
        while (suf < n - pre && suf < m - pre && a.get(n - 1 - suf).equals(b.get(m - 1 - suf))) suf++;
        List<int[]> ops = new ArrayList<>();
        for (int i = 0; i < pre; i++) ops.add(new int[] {0, i, i});
        int an = n - pre - suf, bn = m - pre - suf;
        if ((long) (an + 1) * (bn + 1) > MAX_CELLS) {
            for (int i = 0; i < an; i++) ops.add(new int[] {1, pre + i, pre});
            for (int j = 0; j < bn; j++) ops.add(new int[] {2, pre + an, pre + j});
        } else {
            int[][] lcs = new int[an + 1][bn + 1];
            for (int i = an - 1; i >= 0; i--) {
                for (int j = bn - 1; j >= 0; j--) {
                    lcs[i][j] = a.get(pre + i).equals(b.get(pre + j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            int i = 0, j = 0;
            while (i < an || j < bn) {
                if (i < an && j < bn && a.get(pre + i).equals(b.get(pre + j))) { ops.add(new int[] {0, pre + i, pre + j}); i++; j++; }
                else if (i < an && (j == bn || lcs[i + 1][j] >= lcs[i][j + 1])) { ops.add(new int[] {1, pre + i, pre + j}); i++; }
                else { ops.add(new int[] {2, pre + i, pre + j}); j++; }
            }
        }
        for (int k = 0; k < suf; k++) ops.add(new int[] {0, n - suf + k, m - suf + k});
        return ops;
    }
}
