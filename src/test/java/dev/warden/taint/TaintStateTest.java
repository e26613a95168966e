package dev.warden.taint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Copies share their map until one changes: a change to either side must never show in the other. */
class TaintStateTest {
    private static final Taints T = Taints.EMPTY.plus(Taint.fromParameter(0));

    @Test
    void changingACopyLeavesTheOriginal() {
        TaintState a = new TaintState();
        a.assign("x", T);
        TaintState b = a.copy();
        b.assign("x", Taints.EMPTY);
        b.assign("y", T);
        assertTrue(a.resolve("x").sameAs(T));
        assertTrue(a.resolve("y").isEmpty());
        assertTrue(b.resolve("x").isEmpty());
        assertFalse(a.sameAs(b));
    }

    @Test
    void changingTheOriginalLeavesACopy() {
        TaintState a = new TaintState();
        a.assign("x", T);
        a.assign("x.f", Taints.EMPTY); // a clean field of a tainted object
        TaintState b = a.copy();
        a.assign("x", Taints.EMPTY); // also drops x.f
        assertTrue(b.resolve("x").sameAs(T));
        assertTrue(b.resolve("x.f").isEmpty());
        assertTrue(b.resolve("x.g").sameAs(T));
        assertTrue(a.resolve("x.g").isEmpty());
    }

    @Test
    void joinOfAStateWithACleanOrIdenticalOneIsThatState() {
        TaintState a = new TaintState();
        a.assign("x", T);
        assertSame(a, TaintState.join(a, new TaintState()));
        assertSame(a, TaintState.join(null, a));
        TaintState copy = a.copy();
        assertSame(a, TaintState.join(a, copy));
        assertTrue(copy.sameAs(a));
        TaintState other = new TaintState();
        other.assign("y", T);
        TaintState both = TaintState.join(a, other);
        assertTrue(both.resolve("x").sameAs(T) && both.resolve("y").sameAs(T));
        assertTrue(a.resolve("y").isEmpty()); // the join made a new state
    }
}
