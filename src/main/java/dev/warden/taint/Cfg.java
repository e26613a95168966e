package dev.warden.taint;

import java.util.ArrayList;
import java.util.List;

/** A control-flow graph over {@link Instr}s: node 0 is the entry, {@link #exit} the exit. */
final class Cfg {
    static final class Node {
        final int id;
        final Instr instr;
        final List<Node> succ = new ArrayList<>(2);
        final List<Node> pred = new ArrayList<>(2);

        Node(int id, Instr instr) {
            this.id = id;
            this.instr = instr;
        }

        void to(Node next) {
            if (next == null || succ.contains(next)) return;
            succ.add(next);
            next.pred.add(this);
        }

        @Override
        public String toString() { return id + ":" + instr.getClass().getSimpleName(); }
    }

    final List<Node> nodes;
    final Node entry;
    final Node exit;

    Cfg(List<Node> nodes, Node entry, Node exit) {
        this.nodes = nodes;
        this.entry = entry;
        this.exit = exit;
    }

    /** Nodes in reverse postorder from the entry (unreachable nodes are left out). */
    List<Node> reversePostorder() {
        List<Node> post = new ArrayList<>(nodes.size());
        boolean[] seen = new boolean[nodes.size()];
        // iterative DFS: (node, next successor index)
        List<Node> stack = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        stack.add(entry);
        index.add(0);
        seen[entry.id] = true;
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Node n = stack.get(top);
            int i = index.get(top);
            if (i < n.succ.size()) {
                index.set(top, i + 1);
                Node s = n.succ.get(i);
                if (!seen[s.id]) {
                    seen[s.id] = true;
                    stack.add(s);
                    index.add(0);
                }
            } else {
                post.add(n);
                stack.remove(top);
                index.remove(top);
            }
        }
        java.util.Collections.reverse(post);
        return post;
    }
}
