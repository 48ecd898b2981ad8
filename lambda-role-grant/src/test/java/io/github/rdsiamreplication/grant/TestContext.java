package io.github.rdsiamreplication.grant;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda context whose logger keeps every line, so tests can read (and search) the log. */
final class TestContext extends LocalContext {
    private final List<String> lines;

    TestContext(long remainingMillis) {
        this(remainingMillis, new CopyOnWriteArrayList<>());
    }

    TestContext() {
        this(300_000);
    }

    private TestContext(long remainingMillis, List<String> lines) {
        super(remainingMillis, lines::add);
        this.lines = lines;
    }

    String log() {
        return String.join("", lines);
    }
}
