package dev.warden.match;

import dev.warden.python.ast.ConstValue;
import dev.warden.python.ast.Expr;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * When two bound values are "the same code" for metavariable unification: nodes compared field by
 * field ignoring positions and load/store context, a bound identifier equal to a name of the same
 * spelling, constants by value.
 */
final class Equivalence {
    private Equivalence() {}

    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (RecordComponent c : type.getRecordComponents()) {
                String n = c.getName();
                if (n.equals("start") || n.equals("end") || n.equals("ctx")) continue;
                try {
                    out.add(new Field(n, MethodHandles.publicLookup().unreflect(c.getAccessor())));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            return out.toArray(new Field[0]);
        }
    };

    /** A record component of a node type, read through a method handle. */
    record Field(String name, MethodHandle accessor) {
        Object get(Object record) {
            try {
                return accessor.invoke(record);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** The fields of a node type that carry meaning (no positions, no context). */
    static Field[] fields(Class<?> type) { return FIELDS.get(type); }

    static boolean equal(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (a instanceof String && b instanceof Expr.Name) return a.equals(((Expr.Name) b).id());
        if (b instanceof String && a instanceof Expr.Name) return b.equals(((Expr.Name) a).id());
        if (a instanceof ConstValue && b instanceof ConstValue) return constEqual((ConstValue) a, (ConstValue) b);
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a, y = (List<?>) b;
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!equal(x.get(i), y.get(i))) return false;
            return true;
        }
        if (a.getClass() != b.getClass()) return false;
        if (!a.getClass().isRecord()) return a.equals(b);
        for (Field f : fields(a.getClass())) if (!equal(f.get(a), f.get(b))) return false;
        return true;
    }

    static boolean constEqual(ConstValue a, ConstValue b) {
        if (a instanceof ConstValue.Str && b instanceof ConstValue.Str) {
            return ((ConstValue.Str) a).value().equals(((ConstValue.Str) b).value());
        }
        if (a instanceof ConstValue.Bytes && b instanceof ConstValue.Bytes) {
            return Arrays.equals(((ConstValue.Bytes) a).value(), ((ConstValue.Bytes) b).value());
        }
        return a.equals(b);
    }
}
