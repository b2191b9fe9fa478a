package io.meshloop.jobs.demo;

import io.meshloop.simulator.kafka.OtlpKafkaWriter;
import io.meshloop.simulator.traffic.Fault;
import io.meshloop.simulator.traffic.TraceGenerator;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends synthetic traffic in real time: every tick it generates the traces whose start falls in the
 * tick, at a steady request rate, and writes them as Collector-style OTLP batches.
 */
final class TrafficLoop implements Runnable {

    private static final long TICK_MILLIS = 100;

    private final TraceGenerator generator;
    private final OtlpKafkaWriter writer;
    private final Clock clock;
    private final double requestsPerSecond;
    private final List<Fault> faults;
    private final AtomicBoolean running = new AtomicBoolean(true);

    TrafficLoop(
            TraceGenerator generator,
            OtlpKafkaWriter writer,
            Clock clock,
            double requestsPerSecond,
            List<Fault> faults) {
        this.generator = generator;
        this.writer = writer;
        this.clock = clock;
        this.requestsPerSecond = requestsPerSecond;
        this.faults = List.copyOf(faults);
    }

    @Override
    public void run() {
        long last = clock.millis();
        double carry = 0;
        while (running.get()) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = clock.millis();
            double due = requestsPerSecond * (now - last) / 1000.0 + carry;
            int n = (int) due;
            carry = due - n;
            for (int i = 0; i < n; i++) {
                long startMillis = last + (now - last) * i / Math.max(1, n);
                writer.write(generator.trace(startMillis * 1_000_000L, faults));
            }
            writer.flush();
            last = now;
        }
    }

    void stop() {
        running.set(false);
    }

    long spansSent() {
        return writer.spansSent();
    }
}
