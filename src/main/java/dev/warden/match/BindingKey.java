package dev.warden.match;

import java.util.Arrays;

/**
 * A value identifying a match by its range and what its bindings cover, for telling two matches
 * apart: built straight from the matcher's bindings, without boxing.
 */
final class BindingKey {
    private final String[] names;
    private final int[] numbers; // start, end, then per binding: start, end, the bound node's start

    private BindingKey(String[] names, int[] numbers) {
        this.names = names;
        this.numbers = numbers;
    }

    static BindingKey of(int start, int end, Env env) {
        int n = env.size();
        String[] names = new String[n];
        int[] numbers = new int[2 + 3 * n];
        numbers[0] = start;
        numbers[1] = end;
        env.fill(names, numbers, 2);
        return new BindingKey(names, numbers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BindingKey && Arrays.equals(numbers, ((BindingKey) o).numbers) && Arrays.equals(names, ((BindingKey) o).names);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(numbers) + Arrays.hashCode(names); }
}
