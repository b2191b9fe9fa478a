package io.meshloop.jobs.actuation;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshloop.actuators.GitOpsObjectStore;
import io.meshloop.actuators.IstioSettings;
import io.meshloop.actuators.KubernetesObjectStore;
import io.meshloop.actuators.RetryPolicy;
import io.meshloop.schemas.actuation.Mesh;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Where decisions are applied: a small, serializable description shipped with the job graph; each
 * subtask opens its own client from it in {@code open()} (a client is never serialized or shared
 * through static state).
 *
 * <p>The command-line form ({@link #parse}) is {@code gitops:DIR} or {@code
 * kubernetes[:context=NAME][,master=URL][,server-dry-run=true|false]}.
 */
public sealed interface MeshTarget extends MeshConnector
        permits MeshTarget.GitOps, MeshTarget.Kubernetes {

    /** What {@link #parse} accepts, for error and help messages. */
    String SYNTAX = "gitops:DIR or kubernetes[:context=NAME][,master=URL][,server-dry-run=BOOL]";

    /** The mesh the results name. */
    Mesh mesh();

    /** The command-line form, e.g. {@code gitops:./meshloop-out}; used in operator names. */
    String describe();

    /**
     * Parses the {@code --mesh} option.
     *
     * @throws IllegalArgumentException naming the option, the bad value and {@link #SYNTAX}
     */
    static MeshTarget parse(String value) {
        if (value == null || value.isBlank()) {
            throw bad(value, "it is empty");
        }
        String v = value.strip();
        if (v.startsWith("gitops:")) {
            String dir = v.substring("gitops:".length()).strip();
            if (dir.isEmpty()) {
                throw bad(value, "gitops needs a directory");
            }
            return new GitOps(dir);
        }
        if (v.equals("gitops")) {
            throw bad(value, "gitops needs a directory");
        }
        if (v.equals("kubernetes")) {
            return Kubernetes.ofDefaults();
        }
        if (!v.startsWith("kubernetes:")) {
            throw bad(value, "unknown mesh target");
        }
        String context = null;
        String master = null;
        boolean serverDryRun = true;
        for (String option : v.substring("kubernetes:".length()).split(",")) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? option.strip() : option.substring(0, eq).strip();
            String val = eq < 0 ? "" : option.substring(eq + 1).strip();
            if (val.isEmpty()) {
                throw bad(value, "kubernetes option '" + option + "' needs a value (KEY=VALUE)");
            }
            switch (key) {
                case "context" -> context = val;
                case "master" -> master = val;
                case "server-dry-run" -> {
                    if (!val.equals("true") && !val.equals("false")) {
                        throw bad(value, "server-dry-run must be true or false, was '" + val + "'");
                    }
                    serverDryRun = Boolean.parseBoolean(val);
                }
                default ->
                        throw bad(
                                value,
                                "unknown kubernetes option '"
                                        + key
                                        + "' (allowed: context, master, server-dry-run)");
            }
        }
        return new Kubernetes(context, master, serverDryRun);
    }

    private static IllegalArgumentException bad(String value, String why) {
        return new IllegalArgumentException(
                "--mesh: " + why + "; expected " + SYNTAX + ", was '" + value + "'");
    }

    /**
     * Istio objects as canonical YAML manifests under {@code dir} (as {@code MeshClients.gitOps}).
     * Writes are serialized within one JVM only: run the actuation operator at parallelism 1 on one
     * TaskManager for a given directory.
     */
    record GitOps(String dir) implements MeshTarget {
        private static final long serialVersionUID = 1L;

        public GitOps {
            if (dir == null || dir.isBlank()) {
                throw new IllegalArgumentException(
                        "mesh.gitops.dir must be set, was '" + dir + "'");
            }
        }

        @Override
        public Mesh mesh() {
            return Mesh.GITOPS;
        }

        @Override
        public String describe() {
            return "gitops:" + dir;
        }

        @Override
        public MeshSession open(Clock clock, RetryPolicy retry) {
            return new MeshSession(
                    RetryVisibleMeshClient.of(
                            Mesh.GITOPS,
                            new GitOpsObjectStore(Path.of(dir)),
                            IstioSettings.ofDefaults(),
                            retry,
                            clock),
                    () -> {});
        }
    }

    /**
     * Istio through the Kubernetes API (as {@code MeshClients.istio}), with the fabric8 client's
     * own request retries off so the actuator's retry policy is the only retry loop.
     *
     * @param context kubeconfig context, null for the current one (or the in-cluster service
     *     account)
     * @param masterUrl API server URL overriding the kubeconfig's, null for none (tests: a mock
     *     server)
     * @param serverDryRun whether each write is first sent with {@code dryRun=All} (Istio's
     *     validating webhook vets it); turn it off only against servers that ignore dry-run
     */
    record Kubernetes(String context, String masterUrl, boolean serverDryRun)
            implements MeshTarget {
        private static final long serialVersionUID = 1L;

        /** The current kubeconfig context (or in-cluster config), server-side dry-run on. */
        public static Kubernetes ofDefaults() {
            return new Kubernetes(null, null, true);
        }

        @Override
        public Mesh mesh() {
            return Mesh.ISTIO;
        }

        @Override
        public String describe() {
            StringBuilder b = new StringBuilder("kubernetes");
            String sep = ":";
            if (context != null) {
                b.append(sep).append("context=").append(context);
                sep = ",";
            }
            if (masterUrl != null) {
                b.append(sep).append("master=").append(masterUrl);
                sep = ",";
            }
            if (!serverDryRun) {
                b.append(sep).append("server-dry-run=false");
            }
            return b.toString();
        }

        @Override
        public MeshSession open(Clock clock, RetryPolicy retry) {
            Config config = Config.autoConfigure(context);
            if (masterUrl != null) {
                config.setMasterUrl(masterUrl);
            }
            config.setRequestRetryBackoffLimit(0);
            KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
            return new MeshSession(
                    RetryVisibleMeshClient.of(
                            Mesh.ISTIO,
                            new KubernetesObjectStore(client, serverDryRun),
                            IstioSettings.ofDefaults().withServerDryRun(serverDryRun),
                            retry,
                            clock),
                    client::close);
        }
    }
}
