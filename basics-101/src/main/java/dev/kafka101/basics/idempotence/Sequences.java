package dev.kafka101.basics.idempotence;

import java.util.ArrayList;
import java.util.List;

/** The values the idempotence lab sends: "0", "1", ... in order. */
public final class Sequences {
    private Sequences() {}

    public static List<String> upTo(int n) {
        List<String> s = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            s.add(String.valueOf(i));
        }
        return s;
    }
}
