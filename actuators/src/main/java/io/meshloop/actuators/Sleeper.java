package io.meshloop.actuators;

import java.time.Duration;

/** Waits between retries; injected so tests record the backoff instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep}. */
    static Sleeper system() {
        return d -> Thread.sleep(d.toMillis());
    }
}
