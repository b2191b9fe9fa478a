package io.meshloop.jobs.flink;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Execution environments configured the way every meshloop job expects. */
public final class FlinkEnvironments {

    private FlinkEnvironments() {}

    /**
     * The settings every meshloop job runs with: no Kryo fallback (every type that crosses an
     * exchange has a POJO or record serializer; a generic type fails the job at build time instead
     * of slowing it down at run time).
     */
    public static Configuration baseConfiguration() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }

    /** An embedded MiniCluster environment with checkpoints every {@code checkpointInterval}. */
    public static StreamExecutionEnvironment local(int parallelism, Duration checkpointInterval) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, baseConfiguration());
        env.enableCheckpointing(checkpointInterval.toMillis());
        return env;
    }
}
